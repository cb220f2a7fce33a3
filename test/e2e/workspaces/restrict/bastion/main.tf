# Other rules of the workspace already accept SSH from these ranges: the fix suggests them.
resource "alicloud_security_group_rule" "office_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-bastion"
  cidr_ip           = "198.51.100.0/24"
}

resource "alicloud_security_group_rule" "vpn_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-bastion"
  cidr_ip           = "192.0.2.0/24"
}
