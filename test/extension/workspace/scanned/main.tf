# Never opened by the tests: its finding must come from the background scan.
resource "alicloud_security_group_rule" "rdp" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "3389/3389"
  security_group_id = "sg-123"
  cidr_ip           = "0.0.0.0/0"
}
