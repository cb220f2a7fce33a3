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
