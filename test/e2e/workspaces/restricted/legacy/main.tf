resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-2"
  cidr_ip           = "0.0.0.0/0"
}

resource "alicloud_security_group_rule" "web" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "8080/8080"
  security_group_id = "sg-2"
  cidr_ip           = "0.0.0.0/0"
}
