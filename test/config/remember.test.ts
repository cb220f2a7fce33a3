// Remembering a trusted range in .sg-guard.yaml changes nothing but the list: comments, layout and
// the list's own style (block or flow) stay; the result is a valid config; a bad file is not touched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withTrustedCidr } from '../../server/src/config/remember';

const add = (text: string | undefined): string => {
  const r = withTrustedCidr(text, '192.0.2.0/24', '/p/.sg-guard.yaml');
  assert.ok(r.ok && !r.already, JSON.stringify(r));
  return r.text;
};

void describe('withTrustedCidr', () => {
  void it('starts a file with a header comment', () => {
    assert.match(
      add(undefined),
      /^# SG Guard project configuration.*\ntrustedCidrs:\n {2}- 192\.0\.2\.0\/24\n$/,
    );
  });
  void it('appends to a block list after its last item and that item’s comment', () => {
    assert.equal(
      add(
        '# ours\nports: [22, 3389] # defaults\ntrustedCidrs:\n  - 10.20.0.0/16 # office\nexclude:\n  - x/**\n',
      ),
      '# ours\nports: [22, 3389] # defaults\ntrustedCidrs:\n  - 10.20.0.0/16 # office\n  - 192.0.2.0/24\nexclude:\n  - x/**\n',
    );
  });
  void it('appends to a flow list in its style', () => {
    assert.equal(add('trustedCidrs: [10.20.0.0/16]\n'), 'trustedCidrs: [10.20.0.0/16, 192.0.2.0/24]\n');
    assert.equal(add('trustedCidrs: [ 10.20.0.0/16 ]\n'), 'trustedCidrs: [ 10.20.0.0/16, 192.0.2.0/24 ]\n');
    assert.equal(add('trustedCidrs: []\n'), 'trustedCidrs: [192.0.2.0/24]\n');
  });
  void it('adds the key at the end of a file without it', () => {
    assert.equal(add('ports: [22]'), 'ports: [22]\ntrustedCidrs:\n  - 192.0.2.0/24\n');
  });
  void it('says when the range is already there, and leaves a broken file alone', () => {
    assert.deepEqual(withTrustedCidr('trustedCidrs: [192.0.2.0/24]\n', '192.0.2.0/24', '/p/c'), {
      ok: true,
      already: true,
      text: 'trustedCidrs: [192.0.2.0/24]\n',
    });
    const bad = withTrustedCidr('trustedCidrs: [0.0.0.0/0]\n', '192.0.2.0/24', '/p/.sg-guard.yaml');
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.problem, /whole Internet.*fix it before adding to it/);
  });
});
