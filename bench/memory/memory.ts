/**
 * Memory at any size (issue 15, part 4): `sg-guard lint` over generated repositories of 2,000,
 * 20,000 and 100,000 files, and the language server's background scan of 20,000 files. Each
 * repository is realistic in shape: module folders of 10 files (~4 KB of Terraform each, as
 * bench/generate.ts writes them), one folder in ten calling a shared local module.
 * Prints CPU time (user + system: the machine is shared, wall time mostly measures the neighbours)
 * with wall time, CPU time per 1,000 files (linear time keeps it flat) and peak RSS (VmHWM).
 * Goals: peak RSS under 250 MB for all three, the scan under 400 MB.
 * Run: npm run build && node --import tsx bench/memory/memory.ts [2000 20000 100000] [--lsp]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { terraformText } from '../generate';
import { ensureBuilt, ROOT, startSession } from '../../test/protocol/lsp-client';

const OUT = join(ROOT, 'bench', '.generated', 'memory');
const CLI = join(ROOT, 'dist', 'cli.js');
const FILES_PER_MODULE = 10;

const SHARED = `variable "cidr" {
  type    = string
  default = "10.0.0.0/8"
}

resource "alicloud_security_group_rule" "shared_ssh" {
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-shared"
  cidr_ip           = var.cidr
}
`;

/** Writes (once) a repository of `files` files; returns its folder and its size in bytes. */
function repository(files: number): { dir: string; bytes: number } {
  const dir = join(OUT, `repo-${files}`);
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return { dir, bytes: Number(readFileSync(marker, 'utf8')) };
  rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  const write = (path: string, text: string): void => {
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  };
  mkdirSync(join(dir, 'modules', 'shared'), { recursive: true });
  write(join(dir, 'modules', 'shared', 'main.tf'), SHARED);
  for (let m = 0; m * FILES_PER_MODULE < files; m++) {
    const mod = join(dir, 'stacks', `s${String(Math.floor(m / 100)).padStart(3, '0')}`, `m${m}`);
    mkdirSync(mod, { recursive: true });
    for (let f = 0; f < FILES_PER_MODULE && m * FILES_PER_MODULE + f < files; f++) {
      let text = terraformText(100, (m * FILES_PER_MODULE + f) * 3, f === 0);
      if (f === 0 && m % 10 === 0)
        text += `\nmodule "shared" {\n  source = "../../../modules/shared"\n  cidr   = "0.0.0.0/0"\n}\n`;
      write(join(mod, `f${f}.tf`), text);
    }
  }
  writeFileSync(marker, String(bytes));
  return { dir, bytes };
}

/** A live process's peak resident memory so far (VmHWM), in MB. */
function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * Preloaded into the measured process: on exit, writes its CPU time (ms) and peak RSS (VmHWM, kB:
 * the kernel's high-water mark, exact where sampling from outside can miss the last moments).
 */
const HOOK = `process.on('exit', () => {
  const fs = require('fs');
  const u = process.cpuUsage();
  const hwm = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]);
  fs.writeFileSync(process.env.SG_BENCH_FILE, JSON.stringify({ cpu: (u.user + u.system) / 1000, hwm }));
});
`;

async function lintRun(
  dir: string,
): Promise<{ ms: number; cpu: number; rss: number; code: number | null; out: string }> {
  mkdirSync(OUT, { recursive: true });
  const hook = join(OUT, 'hook.js');
  const statsFile = join(OUT, 'stats.json');
  writeFileSync(hook, HOOK);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', hook, CLI, 'lint', dir, '--format', 'json', '--no-color'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SG_BENCH_FILE: statsFile } },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', () => undefined);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { cpu: number; hwm: number };
  return { ms: performance.now() - t0, cpu: stats.cpu, rss: stats.hwm / 1024, code, out };
}

async function lspScan(dir: string): Promise<{ ms: number; rss: number; modules: number }> {
  const t0 = performance.now();
  const s = await startSession(dir, {}, []);
  const r = await s.conn.sendRequest<{ modules: number }>('sgGuard/lintWorkspace');
  const ms = performance.now() - t0;
  const rss = peakRss(s.proc.pid!);
  await s.close();
  return { ms, rss, modules: r.modules };
}

async function main(): Promise<void> {
  ensureBuilt();
  const args = process.argv.slice(2);
  const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const lsp = args.includes('--lsp') || sizes.length === 0;
  console.log(
    '| files | Terraform | modules | findings | CPU time (wall) | CPU per 1,000 files | peak RSS |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const n of sizes.length ? sizes : [2_000, 20_000, 100_000]) {
    const { dir, bytes } = repository(n);
    const r = await lintRun(dir);
    const report = JSON.parse(r.out) as { findings: unknown[] };
    const modules = Math.ceil(n / FILES_PER_MODULE) + 1;
    console.log(
      `| ${n.toLocaleString('en')} | ${(bytes / 1e6).toFixed(0)} MB | ${modules.toLocaleString('en')} | ${report.findings.length.toLocaleString('en')} | ${(r.cpu / 1000).toFixed(1)} s (${(r.ms / 1000).toFixed(1)}) | ${((r.cpu / n) * 1000).toFixed(0)} ms | ${r.rss.toFixed(0)} MB |`,
    );
  }
  if (lsp) {
    const { dir } = repository(20_000);
    const r = await lspScan(dir);
    console.log(
      `\nLanguage server, background scan of 20,000 files (${r.modules.toLocaleString('en')} modules): ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.rss.toFixed(0)} MB`,
    );
  }
}

void main();
