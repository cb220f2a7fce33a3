// Time to first squiggle: a file open when the server starts is linted before the background scan
// of the workspace, with the settings the client gives (its first diagnostics are already right).
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const rdp = (i: number): string =>
  rule(
    `r${i}`,
    '  ip_protocol       = "tcp"\n  port_range        = "3389/3389"\n  cidr_ip           = "0.0.0.0/0"',
  );
const http = rule(
  'web',
  '  ip_protocol       = "tcp"\n  port_range        = "8080/8080"\n  cidr_ip           = "0.0.0.0/0"',
);

let s: Session;
let open: string;
before(async () => {
  ensureBuilt();
  const files: Record<string, string> = {};
  for (let m = 0; m < 60; m++) for (let f = 0; f < 5; f++) files[`m${m}/f${f}.tf`] = rdp(f) + http;
  files['m37/f2.tf'] = http;
  const root = workspace(files);
  open = join(root, 'm37/f2.tf');
  // The user's ports are 8080 only: the open file's one finding exists only with those settings.
  s = await startSession(root, { ports: [8080] });
  s.open(open, http);
});
after(() => s.close());

void it('publishes the open file first, already with the client’s settings, then scans', async () => {
  await s.waitFor(open, (p) => p.diagnostics.length > 0, 30_000);
  const first = s.history.findIndex((p) => p.uri === uri(open));
  // Its very first publish already has the finding only the client's settings make (8080).
  const d = s.history[first]!.diagnostics;
  assert.equal(d.length, 1);
  assert.match(messageOf(d[0]!), /opens 8080\/tcp/);
  const others = s.history.slice(0, first).filter((p) => !p.uri.startsWith(`${uri(dirname(open))}/`));
  assert.deepEqual(others, [], 'no other module was published before the open file');
  // The scan follows: every module gets its diagnostics.
  await s.waitFor(join(s.root, 'm59/f4.tf'), (p) => p.diagnostics.length > 0, 30_000);
});
