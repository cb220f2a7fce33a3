resource "alicloud_security_group" "lab" {
  security_group_name = "lab"
}

# A whole block, with a reason and an expiry date.
# sg-guard:ignore sg-risky-ports-check exp:2099-12-31 -- lab bastion, torn down each night
resource "alicloud_security_group_rule" "lab_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.lab.id
  cidr_ip           = "0.0.0.0/0"
}

resource "alicloud_security_group_rule" "lab_rdp" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = alicloud_security_group.lab.id
  cidr_ip           = "0.0.0.0/0" # sg-guard:ignore sg-risky-ports-check -- demo host
}

# An expired suppression stops working and says so.
# sg-guard:ignore sg-risky-ports-check exp:2024-01-31 -- temporary vendor access
resource "alicloud_security_group_rule" "vendor_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.lab.id
  cidr_ip           = "0.0.0.0/0"
}
