variable "admin_cidr" {
  type = string
}

resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-app"
  cidr_ip           = var.admin_cidr
}
