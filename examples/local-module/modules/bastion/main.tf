variable "security_group_id" {
  type = string
}

variable "allowed_cidr" {
  type        = string
  description = "Who may SSH to the bastion."
}

resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = var.security_group_id
  cidr_ip           = var.allowed_cidr
}
