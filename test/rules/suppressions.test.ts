import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintModule } from '../../server/src/api/index';
import { parseSuppressionText } from '../../server/src/lint/index';
import { memorySource } from '../helpers/memory-source';

const body = (cidrLine = '  cidr_ip = "0.0.0.0/0"'): string =>
  `  type = "ingress"\n  ip_protocol = "tcp"\n  port_range = "22/22"\n  security_group_id = "sg-1"\n${cidrLine}\n`;
const resource = (before: string, cidrLine?: string): string =>
  `${before}resource "alicloud_security_group_rule" "r" {\n${body(cidrLine)}}\n`;

function lint(text: string) {
  return lintModule('/ws', memorySource({ '/ws/main.tf': text }), { today: '2026-11-29' });
}

describe('suppression comment syntax', () => {
  it('reads ids, expiry and reason', () => {
    assert.deepEqual(
      parseSuppressionText(
        '# sg-guard:ignore sg-risky-ports-check,sg-public-access-check exp:2026-12-31 -- vendor',
      ),
      {
        ruleIds: ['sg-risky-ports-check', 'sg-public-access-check'],
        expires: '2026-12-31',
        reason: 'vendor',
      },
    );
    assert.deepEqual(parseSuppressionText('// sg-guard:ignore'), {
      ruleIds: [],
      expires: undefined,
      reason: undefined,
    });
    assert.equal(parseSuppressionText('# sg-guard:ignored'), undefined);
    assert.equal(parseSuppressionText('# just a comment'), undefined);
  });
});

describe('suppression placement', () => {
  const table: { name: string; text: string; suppressed: boolean; expiredNote?: boolean }[] = [
    { name: 'no comment', text: resource(''), suppressed: false },
    {
      name: 'above the block',
      text: resource('# sg-guard:ignore sg-risky-ports-check -- bastion\n'),
      suppressed: true,
    },
    { name: 'bare, above the block', text: resource('# sg-guard:ignore\n'), suppressed: true },
    {
      name: 'above the block, among other comments',
      text: resource('# sg-guard:ignore sg-risky-ports-check\n# the jump host\n'),
      suppressed: true,
    },
    {
      name: 'another rule id',
      text: resource('# sg-guard:ignore sg-public-access-check\n'),
      suppressed: false,
    },
    { name: 'separated by a blank line', text: resource('# sg-guard:ignore\n\n'), suppressed: false },
    {
      name: 'above the attribute',
      text: resource('', '  // sg-guard:ignore sg-risky-ports-check\n  cidr_ip = "0.0.0.0/0"'),
      suppressed: true,
    },
    {
      name: 'at the end of the attribute line',
      text: resource('', '  cidr_ip = "0.0.0.0/0" # sg-guard:ignore sg-risky-ports-check -- demo'),
      suppressed: true,
    },
    {
      name: 'not yet expired',
      text: resource('# sg-guard:ignore sg-risky-ports-check exp:2026-11-29\n'),
      suppressed: true,
    },
    {
      name: 'expired',
      text: resource('# sg-guard:ignore sg-risky-ports-check exp:2026-11-28\n'),
      suppressed: false,
      expiredNote: true,
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      const r = lint(c.text);
      const risky = r.findings.filter((f) => f.ruleId === 'sg-risky-ports-check');
      assert.equal(r.suppressed.length, c.suppressed ? 1 : 0);
      assert.equal(risky.length, c.suppressed ? 0 : 1);
      if (c.expiredNote) assert.match(risky[0]!.message, /suppression expired on 2026-11-28/);
    });
  }
  it('keeps the reason on the suppressed finding', () => {
    const r = lint(resource('# sg-guard:ignore sg-risky-ports-check exp:2030-01-01 -- bastion\n'));
    assert.deepEqual(
      { reason: r.suppressed[0]?.suppression?.reason, expires: r.suppressed[0]?.suppression?.expires },
      { reason: 'bastion', expires: '2030-01-01' },
    );
  });
});
