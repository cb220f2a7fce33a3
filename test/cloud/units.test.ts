/** Small pure pieces: tfvars round trip, profiles listing, scaffold, Terraform search, scripted prompts. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { listProfiles, resolveCredentials } from '../../client/src/cloud/core/api/credentials';
import { askSettings } from '../../client/src/cloud/core/deploy/questions';
import {
  DEFAULT_SETTINGS,
  parseTfvars,
  renderTfvars,
  settingsProblems,
} from '../../client/src/cloud/core/deploy/settings';
import { ScriptedPrompter } from '../../client/src/cloud/core/prompter';
import { existingFiles, scaffoldFiles, writeScaffold } from '../../client/src/cloud/core/deploy/scaffold';
import { findInTerraform } from '../../client/src/cloud/core/findings/terraform-search';

const REPO = join(dirname(__filename), '..', '..');

describe('cloud units', () => {
  it('writes and reads back terraform.tfvars', () => {
    const s = {
      ...DEFAULT_SETTINGS,
      ports: [22, 3389, 5432],
      mode: 'narrow' as const,
      trustedCidrs: ['203.0.113.0/24'],
      execution: 'MANUAL' as const,
    };
    assert.deepEqual({ ...DEFAULT_SETTINGS, ...parseTfvars(renderTfvars(s)) }, s);
    assert.deepEqual(settingsProblems(s), []);
    assert.match(settingsProblems({ ...s, trustedCidrs: ['0.0.0.0/0'] }).join(), /whole Internet/);
    assert.match(settingsProblems({ ...s, trustedCidrs: ['0.0.0.0/1'] }).join(), /too wide/);
    assert.deepEqual(settingsProblems({ ...s, trustedCidrs: ['10.0.0.0/8', '2001:db8::/32'] }), []);
  });

  it('lists aliyun CLI and credentials-file profiles, and resolves a file profile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sg-home-'));
    mkdirSync(join(home, '.aliyun'));
    writeFileSync(
      join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'work',
        profiles: [
          { name: 'work', mode: 'AK', region_id: 'cn-hangzhou' },
          { name: 'lab', mode: 'StsToken' },
        ],
      }),
    );
    mkdirSync(join(home, '.alibabacloud'));
    writeFileSync(
      join(home, '.alibabacloud', 'credentials'),
      '[default]\ntype = access_key\naccess_key_id = LTAIfromfile\naccess_key_secret = s3cret-from-file\n',
    );
    const labels = (await listProfiles(home)).map((p) => p.label);
    assert.deepEqual(labels, [
      'Default credential chain',
      'aliyun CLI: work (current)',
      'aliyun CLI: lab',
      'credentials file: default',
    ]);
    const saved = process.env.HOME;
    process.env.HOME = home;
    try {
      const c = await resolveCredentials({ kind: 'ini-profile', profile: 'default' });
      assert.deepEqual(c, { accessKeyId: 'LTAIfromfile', accessKeySecret: 's3cret-from-file' });
    } finally {
      process.env.HOME = saved;
    }
  });

  it('scaffolds the module with code.zip and tfvars, and reports existing files first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-scaffold-'));
    const files = await scaffoldFiles(
      join(REPO, 'templates'),
      join(REPO, 'remediation-fn/dist/code.zip'),
      DEFAULT_SETTINGS,
    );
    const names = files.map((f) => f.name);
    for (const n of ['main.tf', 'variables.tf', 'code.zip', 'terraform.tfvars'])
      assert.ok(names.includes(n), n);
    assert.deepEqual(existingFiles(dir, files), []);
    writeFileSync(join(dir, 'terraform.tfvars'), 'region = "mine"\n');
    assert.deepEqual(existingFiles(dir, files), ['terraform.tfvars']);
    await writeScaffold(dir, files, new Set(['terraform.tfvars']));
    assert.equal(readFileSync(join(dir, 'terraform.tfvars'), 'utf8'), 'region = "mine"\n');
    assert.ok(readFileSync(join(dir, 'main.tf'), 'utf8').includes('code.zip'));
  });

  it('finds a group in Terraform by id first, then by name', () => {
    const files = [
      {
        path: 'a.tf',
        text: 'resource "alicloud_security_group" "bastion" {\n  name   = "bastion-legacy"\n  vpc_id = var.vpc\n}\n',
      },
      {
        path: 'b.tf',
        text: 'import {\n  to = alicloud_security_group.x\n  id = "sg-123"\n}\nresource "alicloud_vpc" "v" {\n  name = "bastion-legacy"\n}\n',
      },
    ];
    const m = findInTerraform(files, { groupId: 'sg-123', groupName: 'bastion-legacy' });
    assert.deepEqual(
      m.map((x) => [x.path, x.line, x.why]),
      [
        ['b.tf', 2, 'id'],
        ['a.tf', 1, 'name'],
      ],
    );
  });

  it('asks the guardrail questions through the prompter', async () => {
    const p = new ScriptedPrompter([
      'cn-shanghai',
      'managed',
      '22,3389,5432',
      'narrow',
      'MANUAL',
      '203.0.113.0/24',
    ]);
    const s = await askSettings(p, { regions: ['cn-hangzhou', 'cn-shanghai'] });
    assert.deepEqual(s, {
      ...DEFAULT_SETTINGS,
      region: 'cn-shanghai',
      ruleSource: 'managed',
      ports: [22, 3389, 5432],
      mode: 'narrow',
      execution: 'MANUAL',
      trustedCidrs: ['203.0.113.0/24'],
    });
    assert.deepEqual(
      p.asked.map((q) => q.kind),
      ['pick', 'pick', 'input', 'pick', 'pick', 'input'],
    );
    // The rule-form question says what each form catches.
    const forms = p.asked[1]!;
    assert.match(JSON.stringify(forms), /::\/0/);
    assert.match(JSON.stringify(forms), /0\.0\.0\.0\/0 only/);
    await assert.rejects(
      askSettings(new ScriptedPrompter(['cn-hangzhou', 'sg-guard', '22', 'narrow', 'AUTO', '']), {
        regions: [],
      }),
      /narrow mode needs/,
    );
    assert.equal(await askSettings(new ScriptedPrompter([undefined]), { regions: [] }), undefined);
  });
});
