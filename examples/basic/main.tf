resource "alicloud_vpc" "main" {
  vpc_name   = "prod"
  cidr_block = "172.16.0.0/12"
}

resource "alicloud_security_group" "web" {
  security_group_name = "web"
  vpc_id              = alicloud_vpc.main.id
}

# Public HTTPS is fine: 443 is not a risky port.
resource "alicloud_security_group_rule" "https" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "443/443"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "0.0.0.0/0"
}

# SSH from the office only: fine.
resource "alicloud_security_group_rule" "ssh_office" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "203.0.113.0/24"
}

# SSH from anywhere: sg-risky-ports-check.
resource "alicloud_security_group_rule" "ssh_world" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "0.0.0.0/0"
}

# RDP over UDP from every IPv6 address.
resource "alicloud_security_group_rule" "rdp_udp_v6" {
  type              = "ingress"
  ip_protocol       = "udp"
  port_range        = "3389/3389"
  security_group_id = alicloud_security_group.web.id
  ipv6_cidr_ip      = "::/0"
}

# Every protocol, every port: both sg-risky-ports-check and sg-public-access-check.
resource "alicloud_security_group_rule" "everything" {
  type              = "ingress"
  ip_protocol       = "all"
  port_range        = "-1/-1"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "0.0.0.0/0"
}

# Egress to the world is not what this tool polices.
resource "alicloud_security_group_rule" "egress_all" {
  type              = "egress"
  ip_protocol       = "all"
  port_range        = "-1/-1"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "0.0.0.0/0"
}

# The provider rejects tcp with -1/-1 at apply time: sg-port-range-valid.
resource "alicloud_security_group_rule" "bad_range" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "-1/-1"
  security_group_id = alicloud_security_group.web.id
  cidr_ip           = "10.0.0.0/8"
}
