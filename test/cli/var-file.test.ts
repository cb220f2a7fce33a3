/**
 * `--var-file` and `--var` at the CLI, with Terraform's precedence: variable defaults, then TF_VAR_*,
 * then terraform.tfvars, then *.auto.tfvars, then every -var and -var-file in the order they are given
 * on the command line — the last value wins (Terraform's "Variable Definition Precedence";
 * rule-semantics.md: "then --var-file / --var in order (later wins)").
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const WORLD = '0.0.0.0/0';

/** One SSH rule whose source is var.cidr (default 10.0.0.0/8), and var files that set it. */
const dir = workspace({
  'net/main.tf': [
    'variable "cidr" {',
    '  default = "10.0.0.0/8"',
    '}',
    'resource "alicloud_security_group_rule" "ssh" {',
    '  type              = "ingress"',
    '  ip_protocol       = "tcp"',
    '  port_range        = "22/22"',
    '  security_group_id = "sg-1"',
    '  cidr_ip           = var.cidr',
    '}',
    '',
  ].join('\n'),
  'net/terraform.tfvars': 'cidr = "10.1.0.0/16"\n',
  'net/b.auto.tfvars': 'cidr = "10.2.0.0/16"\n',
  'open.tfvars': `# opens it\ncidr = "${WORLD}"\n`,
  'closed.tfvars': 'cidr = "192.168.0.0/16"\n',
  'open.tfvars.json': `{"cidr": "${WORLD}"}\n`,
  'other.tfvars': 'unrelated = "x"\n',
});

/** The source the finding reports, or undefined when the rule is not a finding. */
function verdict(args: string[], env: NodeJS.ProcessEnv = {}): string | null | undefined {
  const r = lintJson(['net', ...args], dir, env);
  const f = r.findings.find((x) => x.ruleId === 'sg-risky-ports-check');
  return f?.source;
}

describe('--var-file and --var', () => {
  it('without them, *.auto.tfvars wins over terraform.tfvars and the default (no finding)', () => {
    assert.equal(verdict([]), undefined);
  });

  it('--var-file overrides terraform.tfvars, *.auto.tfvars and TF_VAR_*', () => {
    assert.equal(verdict(['--var-file', 'open.tfvars']), WORLD);
    assert.equal(verdict(['--var-file', 'closed.tfvars'], { TF_VAR_cidr: WORLD }), undefined);
    assert.equal(verdict([], { TF_VAR_cidr: WORLD }), undefined, 'tfvars files win over TF_VAR_');
  });

  it('reads .tfvars.json, and a file that does not set the variable changes nothing', () => {
    assert.equal(verdict(['--var-file', 'open.tfvars.json']), WORLD);
    assert.equal(verdict(['--var-file', 'open.tfvars', '--var-file', 'other.tfvars']), WORLD);
  });

  it('the later of two --var-file wins', () => {
    assert.equal(verdict(['--var-file', 'open.tfvars', '--var-file', 'closed.tfvars']), undefined);
    assert.equal(verdict(['--var-file', 'closed.tfvars', '--var-file', 'open.tfvars']), WORLD);
  });

  it('--var and --var-file apply in command-line order: the later wins', () => {
    assert.equal(verdict(['--var-file', 'closed.tfvars', '--var', `cidr=${WORLD}`]), WORLD);
    assert.equal(verdict(['--var', `cidr=${WORLD}`, '--var-file', 'closed.tfvars']), undefined);
    assert.equal(verdict(['--var', 'cidr=10.9.0.0/16', '--var-file', 'open.tfvars']), WORLD);
    assert.equal(
      verdict(['--var', `cidr=${WORLD}`, '--var-file', 'closed.tfvars', '--var', `cidr=${WORLD}`]),
      WORLD,
    );
    assert.equal(verdict(['--var', `cidr=${WORLD}`, '--var', 'cidr=10.9.0.0/16']), undefined);
  });

  it('the finding points at the --var-file line that opened the port', () => {
    const r = lintJson(['net', '--var-file', 'open.tfvars'], dir);
    const f = r.findings.find((x) => x.ruleId === 'sg-risky-ports-check')!;
    assert.equal(f.file, 'net/main.tf');
    assert.ok(
      f.related.some((x) => x.file === 'open.tfvars' && x.line === 2 && x.column === 8),
      JSON.stringify(f.related),
    );
  });

  it('a --var-file path is relative to the current directory, not to the module', () => {
    const fromNet = lintJson(['.', '--var-file', '../open.tfvars'], `${dir}/net`);
    assert.equal(fromNet.findings.filter((x) => x.ruleId === 'sg-risky-ports-check').length, 1);
    const r = lint(['net', '--var-file', 'net/open.tfvars'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read --var-file .*net\/open\.tfvars/);
  });
});
