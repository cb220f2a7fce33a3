import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFile } from '../../server/src/parse/index';
import { attr, block, src, str } from './helpers';

const TF_JSON = `{
  "//": "a comment",
  "resource": {
    "alicloud_security_group_rule": {
      "ssh": {
        "cidr_ip": "0.0.0.0/0",
        "port_range": "\${var.port}/22",
        "priority": 1,
        "enabled": true,
        "tags": { "a": "b" },
        "list": [1, "x"],
        "esc": "a\\\\n\${x.y}",
        "lifecycle": { "ignore_changes": [] },
        "provisioner": [{ "local-exec": { "command": "echo" } }]
      }
    }
  },
  "variable": { "v": { "default": "\${not_a_template}" } },
  "provider": { "alicloud": [{ "region": "a" }, { "region": "b", "alias": "b" }] },
  "locals": { "l": 1 }
}
`;

void test('Terraform JSON lowers to blocks and attributes with ranges', () => {
  const f = parseFile('main.tf.json', TF_JSON);
  assert.equal(f.syntax, 'json');
  assert.deepEqual(f.errors, []);
  const r = block(f.body, 'resource', 'alicloud_security_group_rule', 'ssh');
  assert.equal(src(f, r.labels[1]!.range), '"ssh"');
  const b = r.body;
  assert.equal(str(attr(b, 'cidr_ip')), '0.0.0.0/0');
  assert.equal(src(f, attr(b, 'cidr_ip').nameRange), 'cidr_ip');
  assert.equal(src(f, attr(b, 'cidr_ip').expr.range), '"0.0.0.0/0"');
  const pr = attr(b, 'port_range').expr;
  if (pr.kind !== 'Template') return assert.fail();
  assert.equal(pr.parts[0]?.kind, 'Interp');
  assert.equal(pr.parts[0]?.kind === 'Interp' && src(f, pr.parts[0].expr.range), 'var.port');
  assert.deepEqual(attr(b, 'priority').expr.kind === 'Literal' && attr(b, 'priority').expr, {
    kind: 'Literal',
    value: 1,
    range: attr(b, 'priority').expr.range,
  });
  assert.equal(attr(b, 'tags').expr.kind, 'Object');
  assert.equal(attr(b, 'list').expr.kind, 'Tuple');
  // Escaped string: ranges stay inside the string token.
  const esc = attr(b, 'esc').expr;
  if (esc.kind !== 'Template') return assert.fail();
  for (const p of esc.parts) {
    assert.ok(p.range.start >= esc.range.start && p.range.end <= esc.range.end);
  }
  assert.equal(esc.parts[1]?.kind === 'Interp' && src(f, esc.parts[1].expr.range), 'x.y');
  assert.equal(block(b, 'lifecycle').body.attributes.length, 1);
  assert.equal(block(b, 'provisioner', 'local-exec').body.attributes.length, 1);
  assert.equal(str(attr(block(f.body, 'variable', 'v').body, 'default')), '${not_a_template}');
  assert.equal(f.body.blocks.filter((x) => x.type === 'provider').length, 2);
  assert.equal(src(f, attr(block(f.body, 'locals').body, 'l').expr.range), '1');
});

void test('.tfvars.json values are literals', () => {
  const f = parseFile('a.tfvars.json', '{"cidr": "${x}", "n": 2}');
  assert.equal(str(attr(f.body, 'cidr')), '${x}');
});

void test('JSON errors have positions and recovery keeps earlier members', () => {
  const f = parseFile('main.tf.json', '{"locals": {"a": 1, "b": , "c": "x\n}');
  assert.ok(f.errors.length >= 1);
  const l = block(f.body, 'locals').body;
  assert.equal(src(f, attr(l, 'a').expr.range), '1');
  assert.ok(f.errors.every((e) => e.range.start >= 0 && e.range.end <= f.text.length));
  assert.equal(parseFile('x.tf.json', '[1]').errors.length, 1);
});
