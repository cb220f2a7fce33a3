import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventError, parseEvent } from '../../remediation-fn/src/event';

const sg = {
  regionId: 'cn-hangzhou',
  accountId: '123',
  resourceId: 'sg-1',
  resourceType: 'ACS::ECS::SecurityGroup',
};
const bytes = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

void test('a JSON array as bytes, unknown fields ignored', () => {
  assert.deepEqual(parseEvent(bytes([{ ...sg, complianceType: 'NON_COMPLIANT', extra: { a: 1 } }])), [sg]);
});

void test('a single object, a string, a Uint8Array; numeric account id; BOM', () => {
  assert.deepEqual(parseEvent(bytes(sg)), [sg]);
  assert.deepEqual(parseEvent(JSON.stringify([sg])), [sg]);
  assert.deepEqual(parseEvent(new Uint8Array(bytes([sg]))), [sg]);
  assert.deepEqual(parseEvent(bytes({ ...sg, accountId: 123 })), [sg]);
  assert.deepEqual(parseEvent(`\uFEFF${JSON.stringify(sg)}`), [sg]);
});

void test('duplicates are kept once; account id optional; other resource types pass through', () => {
  const other = { regionId: 'cn-beijing', resourceId: 'i-1', resourceType: 'ACS::ECS::Instance' };
  assert.deepEqual(parseEvent(bytes([sg, sg, other])), [sg, other]);
});

void test('an empty array is an empty list', () => {
  assert.deepEqual(parseEvent(bytes([])), []);
});

const rejected: [string, unknown, RegExp][] = [
  ['not JSON', Buffer.from('sg-1'), /not valid JSON/],
  ['a number', bytes(42), /resource 0/],
  ['null', bytes(null), /resource 0/],
  ['array of strings', bytes(['sg-1']), /resource 0/],
  [
    'missing resourceId',
    bytes([{ regionId: 'cn-hangzhou', resourceType: 'ACS::ECS::SecurityGroup' }]),
    /resourceId/,
  ],
  ['missing regionId', bytes([{ resourceId: 'sg-1', resourceType: 'ACS::ECS::SecurityGroup' }]), /regionId/],
  ['missing resourceType', bytes([{ regionId: 'cn-hangzhou', resourceId: 'sg-1' }]), /resourceType/],
  ['bad region id', bytes([{ ...sg, regionId: 'Hangzhou!' }]), /not a region id/],
  ['bad resource id', bytes([{ ...sg, resourceId: 'sg 1; rm' }]), /not a resource id/],
  ['bad account id', bytes([{ ...sg, accountId: { x: 1 } }]), /accountId/],
  ['second item bad', bytes([sg, { ...sg, resourceId: 7 }]), /resource 1/],
  ['a JS object (not bytes)', { ...sg }, /bytes of a JSON array/],
  ['undefined', undefined, /bytes of a JSON array/],
];

for (const [name, event, message] of rejected) {
  void test(`rejected: ${name}`, () => {
    assert.throws(
      () => parseEvent(event),
      (e: unknown) => e instanceof EventError && e.code === 'InvalidEvent' && message.test(e.message),
    );
  });
}

void test('more than 500 resources is rejected', () => {
  const many = Array.from({ length: 501 }, (_, i) => ({ ...sg, resourceId: `sg-${i}` }));
  assert.throws(() => parseEvent(bytes(many)), /more than 500/);
});
