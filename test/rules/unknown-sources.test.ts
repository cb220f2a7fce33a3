/**
 * "Cannot verify" only where the unknown could really open a port to the world: a source built as
 * `"${unknown}/32"` is some /32, whatever the address.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintModule } from '../../server/src/api/index';
import { memorySource } from '../helpers/memory-source';

function verdict(source: string): string {
  const tf = `variable "n" {}
variable "base" {}
resource "alicloud_security_group_rule" "r" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  ${source}
}
`;
  const r = lintModule('/w', memorySource({ '/w/main.tf': tf }));
  return (
    [...r.findings.map((f) => `${f.severity}`), ...r.unverified.map(() => 'unverified')].join(',') || 'none'
  );
}

describe('unknown sources', () => {
  const cases: [string, string][] = [
    ['cidr_ip = "${alicloud_eip_address.x.ip_address}/32"', 'none'],
    ['cidr_ip = "10.0.${var.n}.0/24"', 'none'],
    ['ipv6_cidr_ip = "${var.base}/64"', 'none'],
    ['cidr_ip = "${var.base}/0"', 'unverified'],
    ['cidr_ip = var.base', 'unverified'],
    ['cidr_ip = "${var.base}"', 'unverified'],
    ['cidr_ip = "${var.base}/${var.n}"', 'unverified'],
  ];
  for (const [source, want] of cases) it(`${source} → ${want}`, () => assert.equal(verdict(source), want));
});
