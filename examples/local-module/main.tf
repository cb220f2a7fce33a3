resource "alicloud_security_group" "admin" {
  security_group_name = "admin"
}

module "bastion" {
  source            = "./modules/bastion"
  security_group_id = alicloud_security_group.admin.id
  # The finding is reported here: this argument makes the module's rule world-open.
  allowed_cidr = "0.0.0.0/0"
}

module "bastion_internal" {
  source            = "./modules/bastion"
  security_group_id = alicloud_security_group.admin.id
  allowed_cidr      = "10.10.0.0/16"
}

module "network" {
  source = "./modules/network"
}

# Values read from a module's outputs are worked out too: the vendor range is the whole Internet.
resource "alicloud_security_group_rule" "vendor_rdp" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = alicloud_security_group.admin.id
  cidr_ip           = module.network.vendor_cidr
}

resource "alicloud_security_group_rule" "office_ssh" {
  count             = length(module.network.office_cidrs)
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.admin.id
  cidr_ip           = module.network.office_cidrs[count.index]
}
