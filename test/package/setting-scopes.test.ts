// Setting scopes, from package.json: a repository's .vscode/settings.json must not choose where signed
// cloud calls go or with which credentials (machine or application scope: VS Code ignores workspace
// values of those), and each workspace folder gets its own lint settings (resource scope).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { REPO } from '../helpers/paths';

const { contributes } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const settings = Object.entries(contributes.configuration.properties);

void it('endpoint, site, account, region and credential settings are machine or application scoped', () => {
  const sensitive = settings.filter(([k]) =>
    /^sgGuard\.cloud\.\w*(endpoint|site|account|region|profile)/i.test(k),
  );
  assert.ok(sensitive.length >= 7, sensitive.map(([k]) => k).join(', '));
  for (const [k, v] of sensitive)
    assert.ok(['machine', 'application'].includes(v.scope ?? ''), `${k}: ${v.scope}`);
});

void it('lint settings are resource scoped: each folder of a multi-root workspace has its own', () => {
  const lint = settings.filter(([k]) => !k.startsWith('sgGuard.cloud.') && k !== 'sgGuard.trace.server');
  assert.ok(lint.length >= 7);
  for (const [k, v] of lint) assert.equal(v.scope, 'resource', k);
});
