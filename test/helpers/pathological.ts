/** Inputs built to be hard: garbage, deep nesting, huge values (tests and bench/lint/pathological.ts). */
import { random } from './random';

export const SSH_RULE = `resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

const GARBAGE = '{}[]()="$%#/*<>,.:?!abc 123\\\n';

/** `lines` lines of random HCL punctuation and words (about 30 characters each). */
export function garbage(lines: number, seed: number): string {
  const next = random(seed);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    let line = '';
    const n = 10 + Math.floor(next() * 40);
    for (let j = 0; j < n; j++) line += GARBAGE[Math.floor(next() * (GARBAGE.length - 1))];
    out.push(line);
  }
  return out.join('\n');
}

/**
 * A valid Terraform JSON file of at least `bytes` bytes: a local nested `depth` deep (arrays and
 * objects in turn), padding, and one world-open SSH rule.
 */
export function deepJson(depth: number, bytes: number): string {
  let deep = '"x"';
  for (let i = 0; i < depth; i++) deep = i % 2 ? `{"a":${deep}}` : `[${deep}]`;
  const rule = {
    ssh: {
      type: 'ingress',
      ip_protocol: 'tcp',
      port_range: '22/22',
      security_group_id: 'sg-1',
      cidr_ip: '0.0.0.0/0',
    },
  };
  const head = `{"resource":{"alicloud_security_group_rule":${JSON.stringify(rule)}},"locals":{"deep":${deep},"pad":"`;
  const tail = '"}}';
  return head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}
