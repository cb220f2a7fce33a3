locals {
  world    = "0.0.0.0/0"
  rdp_port = 3389
}

resource "alicloud_security_group" "app" {
  security_group_name = "app"
}

# cidr_ip comes from terraform.tfvars (var.admin_cidr).
resource "alicloud_security_group_rule" "admin_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.app.id
  cidr_ip           = var.admin_cidr
}

# One instance per entry of var.open_ports: only ["ssh"] is risky.
resource "alicloud_security_group_rule" "public" {
  for_each          = var.open_ports
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = each.value
  security_group_id = alicloud_security_group.app.id
  cidr_ip           = local.world
}

# count and a port built from a local.
resource "alicloud_security_group_rule" "rdp" {
  count             = var.replicas > 1 ? 1 : 0
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "${local.rdp_port}/${local.rdp_port}"
  security_group_id = alicloud_security_group.app.id
  cidr_ip           = local.world
}

# var.bastion_cidr has no value: reported as unverified, never as an error.
resource "alicloud_security_group_rule" "bastion" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.app.id
  cidr_ip           = var.bastion_cidr
}
