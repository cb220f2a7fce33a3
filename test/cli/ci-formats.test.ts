/**
 * The CI report formats besides SARIF: JUnit XML (Jenkins, Azure Pipelines, GitLab test reports) and
 * GitLab Code Quality. Each must carry exactly what the JSON report carries, in its own shape.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sax from 'sax';
import { REPO } from '../helpers/paths';
import { lint, lintJson } from '../helpers/run-cli';
import { workspace } from '../helpers/workspace';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/** Parses with a strict XML parser (throws on anything not well-formed) into a small tree. */
function parseXml(text: string): XmlElement {
  const parser = sax.parser(true, {});
  const root: XmlElement = { name: '#root', attributes: {}, text: '', children: [] };
  const stack = [root];
  parser.onopentag = (tag) => {
    const el: XmlElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      text: '',
      children: [],
    };
    stack[stack.length - 1]!.children.push(el);
    stack.push(el);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (t) => (stack[stack.length - 1]!.text += t);
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(text).close();
  return root.children[0]!;
}

const cases = (suites: XmlElement): XmlElement[] => suites.children.flatMap((s) => s.children);
const child = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => c.name === name);

describe('--format junit', () => {
  const json = lintJson(['examples'], REPO);
  const run = lint(['examples', '--format', 'junit'], REPO);
  const suites = parseXml(run.stdout);

  it('is well-formed JUnit with consistent counts, and exits as the other formats do', () => {
    assert.equal(run.code, json.code);
    assert.equal(suites.name, 'testsuites');
    const all = cases(suites);
    assert.equal(Number(suites.attributes.tests), all.length);
    assert.equal(Number(suites.attributes.failures), all.filter((c) => child(c, 'failure')).length);
    assert.equal(Number(suites.attributes.skipped), all.filter((c) => child(c, 'skipped')).length);
    for (const s of suites.children) {
      assert.equal(Number(s.attributes.tests), s.children.length);
      for (const c of s.children) assert.equal(c.attributes.classname, s.attributes.name);
    }
  });

  it('fails a case per error or warning, passes infos, skips unverified and suppressed findings', () => {
    const all = cases(suites);
    const failing = json.findings.filter((f) => f.severity !== 'info');
    assert.equal(all.filter((c) => child(c, 'failure')).length, failing.length + json.parseErrors.length);
    assert.equal(all.filter((c) => child(c, 'skipped')).length, json.unverified.length + json.suppressed);
    const ssh = all.find(
      (c) => c.attributes.name === 'sg-risky-ports-check: alicloud_security_group_rule.ssh_world',
    )!;
    const failure = child(ssh, 'failure')!;
    assert.equal(failure.attributes.type, 'error');
    assert.equal(failure.attributes.message, 'opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)');
    assert.equal(failure.text, 'examples/basic/main.tf:35:23\ncidr_ip           = "0.0.0.0/0"');
    const suppressed = all.filter((c) => child(c, 'skipped')?.attributes.message?.startsWith('suppressed'));
    assert.equal(suppressed.length, json.suppressed);
    assert.ok(
      suppressed.some(
        (c) =>
          child(c, 'skipped')!.attributes.message ===
          'suppressed until 2099-12-31 (lab bastion, torn down each night): opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
      ),
      JSON.stringify(suppressed.map((c) => child(c, 'skipped')!.attributes.message)),
    );
    const names = all.map((c) => `${c.attributes.classname} ${c.attributes.name}`);
    assert.equal(new Set(names).size, names.length, 'case names are unique within a suite');
  });

  it('reports a clean run as one passing case, and a syntax error as a failure', () => {
    const clean = parseXml(
      lint(
        [
          'examples/basic/main.tf',
          '--format',
          'junit',
          '--severity',
          'error',
          '--disable',
          'sg-risky-ports-check',
          '--disable',
          'sg-public-access-check',
        ],
        REPO,
      ).stdout,
    );
    assert.deepEqual(
      cases(clean).map((c) => [c.attributes.name, c.children.map((x) => x.name)]),
      [['lint', ['system-out']]],
    );
    const dir = workspace({
      'main.tf': 'resource "alicloud_security_group_rule" "x" {\n  cidr_ip = "0.0.0.0/0\n}\n',
    });
    const broken = cases(parseXml(lint([dir, '--format', 'junit'], dir).stdout));
    const syntax = broken.map((c) => child(c, 'failure')).filter((f) => f?.attributes.type === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0]!.attributes.message!, /unterminated string/);
    assert.equal(syntax[0]!.text, 'main.tf:2:13\ncidr_ip = "0.0.0.0/0');
  });
});

describe('--format gitlab (Code Quality)', () => {
  const json = lintJson(['examples'], REPO);
  const run = lint(['examples', '--format', 'gitlab'], REPO);
  const issues = JSON.parse(run.stdout) as {
    type: string;
    check_name: string;
    description: string;
    severity: string;
    fingerprint: string;
    location: { path: string; lines: { begin: number; end: number } };
  }[];

  it('has an issue per finding and unverified value, none for suppressed ones', () => {
    assert.equal(run.code, json.code);
    assert.equal(issues.length, json.findings.length + json.unverified.length + json.parseErrors.length);
    const ssh = issues.find((i) => i.description.startsWith('alicloud_security_group_rule.ssh_world '))!;
    assert.deepEqual(
      { ...ssh, fingerprint: typeof ssh.fingerprint },
      {
        type: 'issue',
        engine_name: 'sg-guard',
        check_name: 'sg-risky-ports-check',
        categories: ['Security'],
        description:
          'alicloud_security_group_rule.ssh_world opens SSH (22/tcp) to the whole Internet (0.0.0.0/0)',
        severity: 'critical',
        fingerprint: 'string',
        location: { path: 'examples/basic/main.tf', lines: { begin: 35, end: 35 } },
      },
    );
    assert.deepEqual(
      [...new Set(issues.map((i) => i.severity))].sort(),
      ['critical', 'info', 'minor'],
      'errors are critical, warnings minor, infos and unverified values info',
    );
  });

  it('fingerprints are unique and do not move with line numbers', () => {
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    const sarif = JSON.parse(lint(['examples', '--format', 'sarif'], REPO).stdout) as {
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    };
    const prints = sarif.runs[0]!.results.map((r) => r.partialFingerprints['sgGuardFinding/v1']);
    // Code scanning merges results with equal fingerprints: two ports opened by one module call are two.
    assert.equal(new Set(prints).size, prints.length, 'SARIF fingerprints are unique too');
    const sarifPrints = new Set(prints);
    assert.ok(
      issues.every((i) => sarifPrints.has(i.fingerprint)),
      'the same identity as in SARIF',
    );
  });
});
