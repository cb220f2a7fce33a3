# Configuration-driven rules: the access list lives in admin-access.yaml. SG Guard reads it as
# Terraform does (file + yamldecode) and points at the line of the YAML that opens the port.
locals {
  admin_rules = { for r in yamldecode(file("${path.module}/admin-access.yaml")).rules : r.name => r }
}

resource "alicloud_security_group" "jump" {
  security_group_name = "jump-hosts"
}

resource "alicloud_security_group_rule" "admin" {
  for_each          = local.admin_rules
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "${each.value.port}/${each.value.port}"
  security_group_id = alicloud_security_group.jump.id
  cidr_ip           = each.value.cidr
}
