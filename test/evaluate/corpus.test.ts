/**
 * Smoke test over the real-world corpus: every module directory is analysed; nothing throws, every
 * run finishes. Prints how many candidates were found and how many are world-open.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseModule } from '../../server/src/evaluate/index';
import { diskSource, findModuleDirs } from '../../server/src/api/index';

import { CORPUS as corpus, needShared } from '../helpers/paths';

void test('analyseModule over every corpus directory never throws and finishes', (t) => {
  if (!needShared(t, corpus)) return;
  const dirs = findModuleDirs(corpus);
  let candidates = 0;
  let world = 0;
  let unknownSource = 0;
  let problems = 0;
  for (const dir of dirs) {
    const a = analyseModule(dir, diskSource());
    problems += a.problems.length;
    for (const c of a.candidates) {
      candidates++;
      const v4 = c.sourceCidr.state === 'known' && /\/0$/.test(c.sourceCidr.value!.trim());
      const v6 = c.sourceIpv6Cidr.state === 'known' && /\/0$/.test(c.sourceIpv6Cidr.value!.trim());
      if (v4 || v6) world++;
      if (c.sourceCidr.state === 'unknown') unknownSource++;
      assert.ok(c.address.length > 0);
    }
  }
  t.diagnostic(
    `${dirs.length} directories, ${candidates} candidates, ${world} with a world source, ` +
      `${unknownSource} with an unknown cidr_ip, ${problems} evaluation problems`,
  );
  console.log(
    `corpus: ${dirs.length} dirs, ${candidates} candidates, ${world} world-open, ${unknownSource} unknown cidr`,
  );
  assert.ok(dirs.length > 100);
  assert.ok(candidates > 100);
  assert.ok(world > 50);
});
