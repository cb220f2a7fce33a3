// What may replace a world CIDR as a trusted range (Restrict to a trusted range…, and what is
// remembered in .sg-guard.yaml): a good/bad table, checked with ipaddr.js.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTrustedRange, type CidrFamily } from '../../server/src/risk/index';

const GOOD: [string, CidrFamily, string][] = [
  ['203.0.113.0/24', 'ipv4', '203.0.113.0/24'],
  ['  10.0.0.0/8 ', 'ipv4', '10.0.0.0/8'],
  ['198.51.100.7', 'ipv4', '198.51.100.7/32'],
  ['198.51.100.7/32', 'ipv4', '198.51.100.7/32'],
  ['2001:DB8::/32', 'ipv6', '2001:db8::/32'],
  ['2001:db8::1', 'ipv6', '2001:db8::1/128'],
];

const BAD: [string, CidrFamily, RegExp][] = [
  ['', 'ipv4', /^Enter an IPv4 range, e\.g\. 203\.0\.113\.0\/24\.$/],
  ['0.0.0.0/0', 'ipv4', /is the whole Internet/],
  ['1.2.3.4/0', 'ipv4', /is the whole Internet/],
  ['::/0', 'ipv6', /is the whole Internet/],
  ['0.0.0.0/1', 'ipv4', /too wide to trust \(1\/2 of every IPv4 address\)/],
  ['128.0.0.0/7', 'ipv4', /too wide/],
  ['2000::/3', 'ipv6', /too wide/],
  ['office', 'ipv4', /"office" is not a CIDR range/],
  ['10.0.0.0/33', 'ipv4', /is not a CIDR range/],
  ['10.1/16', 'ipv4', /is not a CIDR range/],
  ['300.1.1.1/32', 'ipv4', /is not a CIDR range/],
  ['10.0.0.0/8; rm -rf /', 'ipv4', /is not a CIDR range/],
  ['203.0.113.5/24', 'ipv4', /has host bits set: the range is 203\.0\.113\.0\/24\./],
  ['2001:db8::/32', 'ipv4', /is IPv6, but this rule's source is IPv4/],
  ['203.0.113.0/24', 'ipv6', /is IPv4, but this rule's source is IPv6/],
];

void describe('checkTrustedRange', () => {
  for (const [text, family, cidr] of GOOD) {
    void it(`accepts ${JSON.stringify(text)} (${family}) as ${cidr}`, () => {
      assert.deepEqual(checkTrustedRange(text, family), { ok: true, cidr });
    });
  }
  for (const [text, family, problem] of BAD) {
    void it(`refuses ${JSON.stringify(text)} (${family})`, () => {
      const r = checkTrustedRange(text, family);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.problem, problem);
    });
  }
});
