resource "alicloud_security_group" "jump" {
  security_group_name = "jump"
  vpc_id              = alicloud_vpc.main.id
}

# This accept rule would open SSH to the world...
resource "alicloud_security_group_rule" "jump_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  priority          = 10
  security_group_id = alicloud_security_group.jump.id
  cidr_ip           = "0.0.0.0/0"
}

# ...but a drop rule with a higher priority (lower number) closes it: only an info.
resource "alicloud_security_group_rule" "jump_ssh_drop" {
  type              = "ingress"
  ip_protocol       = "tcp"
  policy            = "drop"
  port_range        = "22/22"
  priority          = 1
  security_group_id = alicloud_security_group.jump.id
  cidr_ip           = "0.0.0.0/0"
}
