/**
 * The function package is lean: the ECS SDK is not in it (ECS goes through openapi-core), index.js —
 * what every invocation loads — holds only the handlers and the rule module, openapi-core comes from
 * openapi.js on the first cloud call, and modules it never needs wait in lazy.js. The timings are in
 * bench/function/cold-start.ts; this checks what is shipped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unzipSync } from 'fflate';
import { buildFunctionZip } from './sandbox-kit';

void test('code.zip: index.js small and free of the SDKs, openapi-core apart, well under 500 KB', async () => {
  const zip = await buildFunctionZip();
  const files = unzipSync(zip);
  assert.deepEqual(Object.keys(files).sort(), ['index.js', 'lazy.js', 'openapi.js']);
  const index = Buffer.from(files['index.js']!).toString('utf8');
  assert.ok(files['index.js']!.length < 100 * 1024, `index.js is ${files['index.js']!.length} bytes`);
  // Nothing of the generated ECS SDK (its models) nor of openapi-core's client is in index.js.
  assert.doesNotMatch(index, /DescribeSecurityGroupAttributeResponseBodyPermissionsPermission/);
  assert.doesNotMatch(index, /getEndpointRules/);
  assert.match(index, /openapi\.js/);
  assert.match(Buffer.from(files['openapi.js']!).toString('utf8'), /getEndpointRules/);
  assert.ok(zip.length < 300 * 1024, `code.zip is ${zip.length} bytes`);
});
