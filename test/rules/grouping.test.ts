// judgeGroups remembers its judgement per candidates list, for the risk options it was made with:
// both world rules of one lint read the same judgement, and other ports are judged afresh.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeGroups } from '../../server/src/rules/grouping';
import { analyse, ruleWith } from '../evaluate/helpers';

const exposed = (groups: ReturnType<typeof judgeGroups>): string[] =>
  groups.flatMap((g) =>
    g.assessments.flatMap((a) => a.riskyPorts?.exposed.map((e) => `${e.port}/${e.protocol}`) ?? []),
  );

describe('judgeGroups', () => {
  it('judges the same candidates again when the ports differ, and once for the same options', () => {
    const { candidates } = analyse({
      '/w/main.tf': ruleWith('"0.0.0.0/0"', 'resource "alicloud_security_group" "default" {}'),
    });
    const ssh = { ports: [22] };
    assert.deepEqual(exposed(judgeGroups(candidates, ssh)), ['22/tcp']);
    assert.deepEqual(exposed(judgeGroups(candidates, { ports: [3389] })), []);
    assert.deepEqual(exposed(judgeGroups(candidates, { ports: [22, 3389] })), ['22/tcp']);
    const once = judgeGroups(candidates, ssh);
    assert.equal(judgeGroups(candidates, ssh), once);
  });
});
