/**
 * What the other-editor tests share: a workspace with one world-open SSH rule, the command that
 * starts the server, and where the diagnostic must be. Each editor's test drives its own client and
 * reports what it saw.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(__dirname, '..', '..');

export const RULE_TF = `resource "alicloud_security_group_rule" "ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "0.0.0.0/0"
}
`;

/** `sg-guard lsp --stdio` from this checkout's build. */
export const SERVER_CMD = [process.execPath, join(REPO, 'dist', 'cli.js'), 'lsp', '--stdio'];

/** [line, start column, end column] (0-based) of the world CIDR literal in RULE_TF. */
export function worldCidrSpan(): [number, number, number] {
  const lines = RULE_TF.split('\n');
  const line = lines.findIndex((l) => l.includes('cidr_ip'));
  const col = lines[line]!.indexOf('"0.0.0.0/0"');
  return [line, col, col + '"0.0.0.0/0"'.length];
}

/** Runs `fn` with a fresh workspace holding main.tf = RULE_TF; removes it afterwards. */
export function withWorkspace<T>(prefix: string, fn: (root: string, main: string) => T): T {
  const root = mkdtempSync(join(tmpdir(), prefix));
  try {
    const main = join(root, 'main.tf');
    writeFileSync(main, RULE_TF);
    return fn(root, main);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
