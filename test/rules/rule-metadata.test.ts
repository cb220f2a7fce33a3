/**
 * What a rule says about itself reaches users as is: the title and description in SARIF's rule
 * descriptors and the editor's hover, the recommended action as SARIF help, the link as the
 * diagnostic's code link. Each must agree with the rule's docs page and state what the rule flags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from '../../server/src/api/index';
import { ALL_RULES, ruleContext } from '../../server/src/rules/index';
import { REPO } from '../helpers/paths';

/** Words each rule's description and recommended action must say (both halves of each sentence). */
const STATES: Record<string, { description: string[]; recommendedAction: string[] }> = {
  'sg-risky-ports-check': {
    description: ['accept ingress from 0.0.0.0/0 or ::/0', '(22 and 3389 by default) over tcp, udp or all'],
    recommendedAction: ['Replace the world CIDR', 'bastion, VPN or Cloud Assistant'],
  },
  'sg-public-access-check': {
    description: ['accept ingress from 0.0.0.0/0 or ::/0 on every port', 'tcp/udp with -1/-1 or 1/65535'],
    recommendedAction: ['Open only the ports the service needs', 'restrict the source'],
  },
  'sg-port-range-valid': {
    description: ['tcp/udp with -1/-1 or outside 1..65535', 'starts after it ends', 'icmp/gre/all'],
    recommendedAction: ['within 1..65535 for tcp and udp', '"-1/-1" for icmp, gre and all'],
  },
};

describe('rule metadata', () => {
  it('every rule is described here', () => {
    assert.deepEqual(RULES.map((r) => r.id).sort(), Object.keys(STATES).sort());
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it("its title is its docs page's title", () => {
        const h1 = readFileSync(join(REPO, 'docs', 'rules', `${rule.id}.md`), 'utf8').split('\n')[0]!;
        assert.ok(rule.title.length > 0);
        assert.equal(h1.toLowerCase(), `# ${rule.id} — ${rule.title}`.toLowerCase());
      });

      it('its link opens its docs page in this repository', () => {
        const m = /^https:\/\/github\.com\/sg-guard\/sg-guard\/blob\/main\/(.+)$/.exec(rule.docsUrl);
        assert.ok(m, rule.docsUrl);
        assert.equal(m[1], `docs/rules/${rule.id}.md`);
        assert.ok(existsSync(join(REPO, m[1])));
      });

      it('its description and recommended action state what it flags and how to fix it', () => {
        for (const words of STATES[rule.id]!.description) assert.ok(rule.description.includes(words), words);
        for (const words of STATES[rule.id]!.recommendedAction)
          assert.ok(rule.recommendedAction.includes(words), words);
      });
    });
  }

  it('a report with a message id its rule does not have is a programming error, named', () => {
    const ctx = ruleContext(ALL_RULES[0]!, { candidates: [], risk: {} });
    assert.throws(
      () => ctx.report({ messageId: 'nope', candidate: undefined as never, ports: [] }),
      new Error(`${ALL_RULES[0]!.id}: no message "nope"`),
    );
  });
});
