/**
 * Configuration-driven Terraform: rules and address lists kept in YAML or JSON files and read with
 * `file()` + `yamldecode`/`jsondecode`. Values are worked out, each knows the line of the data file
 * that wrote it, the data file is a dependency (the editor re-lints on its change), and paths
 * resolve as Terraform resolves them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, byAddress, localIn, plain, textAt, val } from './helpers';

const RULES_YAML = `# Who may reach the admin ports.
rules:
  - name: ssh
    port: 22
    cidr: 0.0.0.0/0
  - name: rdp
    port: 3389
    cidr: "10.20.0.0/16"
`;

const FOR_EACH_RULE = `locals {
  rules = { for r in yamldecode(file("\${path.module}/rules.yaml")).rules : r.name => r }
}
resource "alicloud_security_group_rule" "admin" {
  for_each          = local.rules
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "\${each.value.port}/\${each.value.port}"
  security_group_id = "sg-1"
  cidr_ip           = each.value.cidr
}
`;

void test('rules from a YAML file: values, and where in the file each is written', () => {
  const files = { '/w/main.tf': FOR_EACH_RULE, '/w/rules.yaml': RULES_YAML };
  const a = analyse(files);
  const ssh = byAddress(a, 'alicloud_security_group_rule.admin["ssh"]');
  const rdp = byAddress(a, 'alicloud_security_group_rule.admin["rdp"]');
  assert.equal(val(ssh.sourceCidr), '0.0.0.0/0');
  assert.equal(val(ssh.portRange), '22/22');
  assert.equal(val(rdp.sourceCidr), '10.20.0.0/16');
  assert.equal(textAt(files, ssh.sourceCidr.literal), '0.0.0.0/0');
  assert.equal(ssh.sourceCidr.literal?.file, '/w/rules.yaml');
  assert.equal(textAt(files, rdp.sourceCidr.literal), '"10.20.0.0/16"');
  assert.ok(
    ssh.sourceCidr.trace.some((t) => t.kind === 'file' && t.label === 'file("rules.yaml")'),
    JSON.stringify(ssh.sourceCidr.trace),
  );
  assert.ok(a.dependencies.includes('/w/rules.yaml'));
});

void test('a JSON address list, read relative to the root module as Terraform does', () => {
  const files = {
    '/w/main.tf': `locals {
  v = jsondecode(file("data/cidrs.json")).admin[1]
}`,
    '/w/data/cidrs.json': '{\n  "admin": ["203.0.113.0/24", "0.0.0.0/0"]\n}\n',
  };
  const v = localIn(files);
  assert.equal(plain(v), '0.0.0.0/0');
  assert.equal(textAt(files, v.literal), '"0.0.0.0/0"');
});

void test('file() of a text file; fileexists; a missing file is an error try() catches', () => {
  const files = {
    '/w/main.tf': `locals {
  v = [trimspace(file("cidr.txt")), fileexists("cidr.txt"), fileexists("nope.txt"), try(file("nope.txt"), "fallback")]
}`,
    '/w/cidr.txt': '0.0.0.0/0\n',
  };
  assert.deepEqual(plain(localIn(files)), ['0.0.0.0/0', true, false, 'fallback']);
});

void test('decoded text that is not a whole file has values but no positions', () => {
  const files = {
    '/w/main.tf': 'locals {\n  v = yamldecode(trimspace(file("rules.yaml"))).rules[0].cidr\n}',
    '/w/rules.yaml': RULES_YAML,
  };
  const v = localIn(files);
  assert.equal(plain(v), '0.0.0.0/0');
  assert.equal(v.literal, undefined);
});

void test('bad data is an error, not a crash; a huge alias expansion stops at a budget', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++)
    bomb.push(
      `${'abcdefgh'[i]!}: &${'abcdefgh'[i]!} [${Array(10)
        .fill(`*${'abcdefgh'[i - 1]!}`)
        .join(', ')}]`,
    );
  const files = {
    '/w/main.tf': `locals {
  v = [try(yamldecode(file("bad.yaml")), "bad"), try(jsondecode(file("bad.json")), "bad"), length(yamldecode(file("bomb.yaml")))]
}`,
    '/w/bad.yaml': 'a: [1\n',
    '/w/bad.json': '{"a": }',
    '/w/bomb.yaml': bomb.join('\n') + '\n',
  };
  const got = plain(localIn(files)) as unknown[];
  assert.deepEqual(got.slice(0, 2), ['bad', 'bad']);
  assert.match(String(got[2]), /^\?/, 'the bomb is unknown');
});

void test('a data file with a byte-order mark: decoded, and located as the editor counts (without it)', () => {
  const json = '{"admin": ["0.0.0.0/0"]}';
  const files = {
    '/w/main.tf': 'locals {\n  v = jsondecode(file("cidrs.json")).admin[0]\n}',
    '/w/cidrs.json': `\uFEFF${json}`,
  };
  const v = localIn(files);
  assert.equal(plain(v), '0.0.0.0/0');
  assert.equal(v.literal?.range.start, json.indexOf('"0.0.0.0/0"'));
});
