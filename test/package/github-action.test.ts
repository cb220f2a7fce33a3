/**
 * The GitHub Action (action.yml) and the example workflow that uses it (.github/workflows/sg-guard.yml),
 * run offline by test/helpers/actions-runner.ts: a clean module passes and uploads its SARIF; findings
 * annotate, still upload, then fail the job; inputs are data, never shell; `fail: false` reports only.
 * What only GitHub shows (the upload, the annotations on a pull request) is not verified here.
 */
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runSteps, type Step, type StepRecord } from '../helpers/actions-runner';
import { REPO } from '../helpers/paths';

const workflow = parse(readFileSync(join(REPO, '.github', 'workflows', 'sg-guard.yml'), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};

const SSH = `resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

/** The action's steps as run inside the `uses: ./` step. */
const inner = (records: StepRecord[]): StepRecord[] => records.find((r) => r.uses === './')!.nested!;

void describe('the GitHub Action', () => {
  let ws: string;
  before(() => {
    if (!existsSync(join(REPO, 'dist', 'cli.js')))
      throw new Error('dist/cli.js is missing: run node scripts/build.mjs first (npm test does)');
    // A checkout of a repository using the action: the action's files (its dist/ already built, as
    // `version: local` would build it), the templates, and a folder with a world-open rule.
    ws = mkdtempSync(join(tmpdir(), 'sg-guard-action-'));
    for (const f of ['action.yml', 'package.json']) cpSync(join(REPO, f), join(ws, f));
    cpSync(join(REPO, 'templates'), join(ws, 'templates'), { recursive: true });
    symlinkSync(join(REPO, 'dist'), join(ws, 'dist'));
    mkdirSync(join(ws, 'infra'));
    writeFileSync(join(ws, 'infra', 'main.tf'), SSH);
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  void it('the example workflow: a clean module passes and its SARIF is uploaded', () => {
    assert.equal(workflow.permissions['security-events'], 'write');
    const { records, failed } = runSteps(workflow.jobs['sg-guard']!.steps, { workspace: ws });
    assert.equal(failed, false, records.map((r) => `${r.name}: ${r.outcome}\n${r.stdout}`).join('\n'));
    assert.deepEqual(
      records.map((r) => r.uses),
      ['actions/checkout@v4', 'actions/setup-node@v4', './'],
    );
    const [lint, upload, fail] = inner(records);
    assert.equal(lint!.outputs['exit-code'], '0');
    assert.equal(upload!.skipped, false);
    assert.deepEqual(upload!.with, { sarif_file: 'sg-guard.sarif', category: 'sg-guard' });
    assert.equal(upload!.uses, 'github/codeql-action/upload-sarif@v3');
    assert.equal(fail!.skipped, true);
    const sarif = JSON.parse(readFileSync(join(ws, 'sg-guard.sarif'), 'utf8')) as {
      version: string;
      runs: { tool: { driver: { name: string } }; results: unknown[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0]!.tool.driver.name, 'sg-guard');
    assert.deepEqual(sarif.runs[0]!.results, []);
  });

  const job = (withs: Record<string, string>): Step[] => [
    { uses: './', with: { version: 'local', ...withs } },
  ];

  void it('findings: annotations, the SARIF still uploaded, then the job fails', () => {
    const { records, failed } = runSteps(job({ path: 'infra', 'sarif-file': 'infra.sarif' }), {
      workspace: ws,
    });
    assert.equal(failed, true);
    const [lint, upload, fail] = inner(records);
    assert.equal(lint!.outcome, 'success');
    assert.equal(lint!.outputs['exit-code'], '1');
    assert.match(lint!.stdout, /^::error file=infra\/main\.tf,line=6,.*sg-risky-ports-check/m);
    assert.equal(upload!.skipped, false);
    assert.equal(upload!.with?.sarif_file, 'infra.sarif');
    const sarif = JSON.parse(readFileSync(join(ws, 'infra.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    assert.deepEqual(
      sarif.runs[0]!.results.map((r) => r.ruleId),
      ['sg-risky-ports-check'],
    );
    assert.equal(fail!.outcome, 'failure');
    assert.match(
      fail!.stdout,
      /::error::sg-guard found security group rules open to the Internet \(exit 1\)/,
    );
  });

  void it('fail: false reports without failing the job', () => {
    const { records, failed } = runSteps(job({ path: 'infra', fail: 'false' }), { workspace: ws });
    assert.equal(failed, false);
    assert.equal(inner(records)[0]!.outputs['exit-code'], '1');
    assert.equal(inner(records)[2]!.skipped, true);
  });

  void it('inputs are data, never shell: a path like $(touch pwned) runs nothing', () => {
    const { records, failed } = runSteps(job({ path: '$(touch pwned) ;touch pwned2' }), { workspace: ws });
    assert.equal(failed, true);
    assert.equal(existsSync(join(ws, 'pwned')), false);
    assert.equal(existsSync(join(ws, 'pwned2')), false);
    assert.equal(inner(records)[0]!.outputs['exit-code'], '2', 'an unreadable path is exit 2');
  });
});
