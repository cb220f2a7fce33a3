# The SSH rule lives in a module outside this workspace's folders.
module "bastion" {
  source = "../../shared/ssh"
  cidr   = "0.0.0.0/0"
}

resource "alicloud_security_group_rule" "web" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "8080/8080"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
