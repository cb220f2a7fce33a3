/** Small Terraform modules shared by the protocol tests. */

export const rule = (name: string, attrs: string): string =>
  `resource "alicloud_security_group_rule" "${name}" {
  type              = "ingress"
  security_group_id = "sg-1"
${attrs}
}
`;

export const SSH_VIA_VAR = rule(
  'ssh',
  '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  cidr_ip           = var.admin_cidr',
);

export const variables = (cidr: string): string => `variable "admin_cidr" {
  default = "${cidr}"
}
`;
