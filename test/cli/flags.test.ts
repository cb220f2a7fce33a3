/**
 * The CLI's surface: the one options table (parser and --help), short flags, --fail-on, colour from
 * the environment, the empty-folder notice, percent-encoded SARIF URIs, and the `github` and
 * `checkstyle` formats.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLint } from '../../server/src/cli/lint-command';
import { LINT_OPTIONS } from '../../server/src/cli/options';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

const ESC = '\u001b[';
const rule = (name: string, body: string): string =>
  `resource "alicloud_security_group_rule" "${name}" {\n  type = "ingress"\n  security_group_id = "sg-1"\n${body}\n}\n`;
const SSH = rule('ssh', '  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = "0.0.0.0/0"');
const BAD_RANGE = rule('bad', '  ip_protocol = "tcp"\n  port_range = "-1/-1"\n  cidr_ip = "10.0.0.0/8"');

function onTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  let out = '';
  runLint(args, { stdout: (s) => (out += s), stderr: () => {}, isTTY: true, env, cwd }, 'test');
  return out;
}

describe('lint options table', () => {
  it('--help lists every option of the table, with its short form and value, and the exit codes', () => {
    const help = lint(['--help'], REPO).stdout;
    for (const o of LINT_OPTIONS) {
      const left = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.value ? ` ${o.value}` : ''}`;
      assert.ok(help.includes(left), `--help shows ${left}`);
    }
    assert.match(help, /3 an internal error/);
  });

  it('-f and -o are --format and --output; -v prints the version', () => {
    const ws = workspace({ 'main.tf': SSH });
    const out = join(ws, 'r.json');
    const r = lint(['.', '-f', 'json', '-o', out], ws);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length, 1);
    assert.equal(lint(['-v'], ws).stdout, 'test\n');
    assert.equal(lint(['--version'], ws).stdout, 'test\n');
  });

  it('usage errors name the option, one line, exit 2', () => {
    const ws = workspace({ 'main.tf': SSH });
    for (const [args, message] of [
      [['-o'], /^sg-guard lint: --output needs a value\n$/],
      [
        ['--format', 'xml'],
        /--format must be text, json, sarif, junit, gitlab, github or checkstyle, not "xml"/,
      ],
      [['--fail-on', 'fatal'], /--fail-on must be error, warning or info, not "fatal"/],
      [['--frobnicate'], /^sg-guard lint: unknown option --frobnicate \(see sg-guard lint --help\)\n$/],
      [['--fix=yes'], /--fix does not take a value/],
    ] as const) {
      const r = lint([...args], ws);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});

describe('--fail-on', () => {
  const ws = workspace({ 'a/main.tf': BAD_RANGE, 'b/main.tf': SSH });

  it('decides what fails the run, apart from what is shown', () => {
    assert.equal(lint(['a'], ws).code, 1, 'a warning fails by default');
    assert.equal(lint(['a', '--fail-on', 'error'], ws).code, 0, 'not with --fail-on error');
    const shown = lintJson(['a', '--fail-on', 'error'], ws);
    assert.equal(shown.findings.length, 1, 'the warning is still reported');
    assert.equal(lint(['b', '--fail-on', 'error'], ws).code, 1);
  });

  it('info fails the run only with --fail-on info (unverified infos included)', () => {
    const unknown = workspace({
      'main.tf': `variable "cidr" {}\n${rule('x', '  ip_protocol = "tcp"\n  port_range = "22/22"\n  cidr_ip = var.cidr')}`,
    });
    assert.equal(lint(['.'], unknown).code, 0);
    assert.equal(lint(['.', '--fail-on', 'info'], unknown).code, 1);
  });
});

describe('colour from the environment', () => {
  const ws = workspace({ 'main.tf': SSH });
  it('FORCE_COLOR turns it on when piped, TERM=dumb and NO_COLOR off on a terminal, flags win', () => {
    assert.ok(lint(['.'], ws, { FORCE_COLOR: '1' }).stdout.includes(ESC));
    assert.ok(!lint(['.'], ws, { FORCE_COLOR: '0' }).stdout.includes(ESC));
    assert.ok(onTerminal(['.'], ws, {}).includes(ESC));
    assert.ok(!onTerminal(['.'], ws, { TERM: 'dumb' }).includes(ESC));
    assert.ok(!onTerminal(['.'], ws, { NO_COLOR: '1' }).includes(ESC));
    assert.ok(onTerminal(['.', '--color'], ws, { TERM: 'dumb' }).includes(ESC));
    assert.ok(!lint(['.', '--no-color'], ws, { FORCE_COLOR: '1' }).stdout.includes(ESC));
  });
});

describe('a folder with no Terraform', () => {
  it('gets a one-line notice, and the run passes', () => {
    const ws = workspace({ 'docs/readme.md': '# nothing here\n', 'infra/main.tf': SSH });
    const r = lint(['docs'], ws);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, 'sg-guard lint: no Terraform files (.tf, .tf.json) to lint in docs\n');
    assert.equal(lint(['infra'], ws).stderr, '', 'no notice where there is Terraform');
  });
});

describe('SARIF URIs', () => {
  it('are percent-encoded relative references (a space or # in a path stays a valid URI)', () => {
    const ws = workspace({ 'my mod/main #1.tf': SSH });
    const r = lint(['.', '-f', 'sarif'], ws);
    const log = JSON.parse(r.stdout) as {
      runs: {
        originalUriBaseIds: Record<string, { uri: string }>;
        results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    const uri = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    assert.equal(uri, 'my%20mod/main%20%231.tf');
    const base = log.runs[0]!.originalUriBaseIds['%SRCROOT%']!.uri;
    assert.ok(base.startsWith('file:///') && base.endsWith('/'), base);
    // Resolved against the base, the URI names the file again.
    assert.equal(decodeURIComponent(new URL(uri, base).pathname), `${ws}/my mod/main #1.tf`);
  });
});

describe('--format github', () => {
  it('writes one workflow command per finding, with escaped properties and message', () => {
    const ws = workspace({ 'a,b/main.tf': SSH, 'c/main.tf': BAD_RANGE });
    const out = lint(['.', '-f', 'github'], ws).stdout.split('\n');
    assert.deepEqual(
      out.filter((l) => l.startsWith('::')),
      [
        '::error file=a%2Cb/main.tf,line=6,col=13,endLine=6,endColumn=24,title=sg-risky-ports-check::' +
          'alicloud_security_group_rule.ssh opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
        '::warning file=c/main.tf,line=5,col=16,endLine=5,endColumn=23,title=sg-port-range-valid::' +
          'alicloud_security_group_rule.bad invalid port_range: tcp needs a port range such as "22/22" or "1/65535"; "-1/-1" is only for icmp, gre and all',
      ],
    );
    assert.match(out.at(-2)!, /^sg-guard: 1 error\(s\), 1 warning\(s\)/);
  });
});

describe('--format checkstyle', () => {
  it('writes a file element per file and an error element per finding, escaped', () => {
    const ws = workspace({ 'a&b/main.tf': SSH });
    const xml = lint(['.', '-f', 'checkstyle'], ws).stdout;
    assert.equal(
      xml,
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<checkstyle version="4.3">',
        '  <file name="a&amp;b/main.tf">',
        '    <error line="6" column="13" severity="error" message="alicloud_security_group_rule.ssh opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)" source="sg-guard.sg-risky-ports-check"/>',
        '  </file>',
        '</checkstyle>',
        '',
      ].join('\n'),
    );
  });
});
