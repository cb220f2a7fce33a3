/**
 * What the other-editor tests share: a workspace with one world-open SSH rule, running the editor's
 * client script against the server, and what every editor must have shown. Each editor's script
 * drives its own client and writes what it saw as JSON.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

const RULE_TF = `resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

/** `sg-guard lsp --stdio` from this checkout's build. */
const SERVER_CMD = [process.execPath, join(REPO, 'dist', 'cli.js'), 'lsp', '--stdio'];

/** [line, start column, end column] (0-based) of the world CIDR literal in RULE_TF. */
function worldCidrSpan(): [number, number, number] {
  const lines = RULE_TF.split('\n');
  const line = lines.findIndex((l) => l.includes('cidr_ip'));
  const col = lines[line]!.indexOf('"0.0.0.0/0"');
  return [line, col, col + '"0.0.0.0/0"'.length];
}

/** Runs `fn` with a fresh workspace holding main.tf = RULE_TF; removes it afterwards. */
function withWorkspace<T>(prefix: string, fn: (root: string, main: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), prefix));
  try {
    const main = join(root, 'main.tf');
    writeFileSync(main, RULE_TF);
    return fn(root, main);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What a client script reports (`fixed_line` from clients that apply the quick fix themselves). */
export interface EditorSaw {
  error?: string;
  diagnostics?: { line: number; col: number; end_col: number; message: string }[];
  hover?: string;
  actions?: string[];
  fixed_line?: string;
  cleared?: boolean;
  after?: unknown[];
}

/**
 * Runs an editor (`command args`) in a fresh workspace; its client script finds the workspace, the
 * file, the server command and where to write what it saw in `SG_<prefix>_ROOT`, `_FILE`, `_CMD`, `_OUT`.
 */
export function runEditorClient(prefix: string, command: string, args: string[]): EditorSaw {
  return withWorkspace(`sg-${prefix.toLowerCase()}-`, (root, main) => {
    const out = join(root, 'seen.json');
    const r = spawnSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      timeout: 90_000,
      env: {
        ...process.env,
        [`SG_${prefix}_OUT`]: out,
        [`SG_${prefix}_ROOT`]: root,
        [`SG_${prefix}_FILE`]: main,
        [`SG_${prefix}_CMD`]: JSON.stringify(SERVER_CMD),
      },
    });
    assert.equal(r.status, 0, `${command} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8')) as EditorSaw;
  });
}

/**
 * What a user of any editor must see: one diagnostic on the world CIDR, the hover with its value,
 * the trusted-CIDR and suppression quick fixes, and the diagnostic gone once the line is fixed.
 */
export function assertEditorShowedTheFinding(seen: EditorSaw, message: RegExp): void {
  assert.equal(seen.error, undefined, seen.error);
  assert.deepEqual(
    seen.diagnostics?.map((d) => [d.line, d.col, d.end_col]),
    [worldCidrSpan()],
    'one diagnostic, on the world CIDR',
  );
  assert.match(seen.diagnostics[0]!.message, message);
  assert.match(seen.hover ?? '', /\*\*cidr_ip\*\*[\s\S]*"0\.0\.0\.0\/0"/);
  assert.ok(
    seen.actions?.some((t) => t.startsWith('Replace 0.0.0.0/0 with trusted 203.0.113.0/24')),
    `quick fixes use the trusted CIDR from the editor's settings: ${JSON.stringify(seen.actions)}`,
  );
  assert.ok(seen.actions?.some((t) => t.startsWith('Suppress sg-risky-ports-check')));
  assert.equal(seen.cleared, true, `the diagnostic stays after the fix: ${JSON.stringify(seen.after)}`);
}
