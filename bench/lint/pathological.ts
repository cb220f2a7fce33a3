/**
 * `sg-guard lint` on input built to be hard (issue 11, class 6: "linear and bounded on any input"),
 * whole process, CPU time (user + system) with wall time in parentheses, medians of SG_BENCH_REPS
 * runs (default 5), each run capped at 120 s:
 *   - 80,000 lines of garbage in one file (goal: well under a second);
 *   - a 2 MB valid .tf.json with a value nested 5,000 deep;
 *   - one security group of 100,000 rules (50,000 accepts, 50,000 drops);
 *   - twelve locals that each run out of budget, before rules written as plain text.
 * Run: npm run build && node --import tsx bench/lint/pathological.ts [--cli other/dist/cli.js]
 * (`--cli` times another build in the same rounds: before and after a change, on one machine state.)
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deepJson, garbage, SSH_RULE } from '../../test/helpers/pathological';
import { cpuTimer, median } from './cpu-time';

const REPO = resolve(__dirname, '..', '..');
const OUT = join(REPO, 'bench', '.generated', 'pathological');
const REPS = Number(process.env.SG_BENCH_REPS ?? 5);
const TIMEOUT_MS = 120_000;

function bigGroup(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const drop = i % 2 === 1;
    out.push(`resource "alicloud_security_group_rule" "r${i}" {
  type              = "ingress"
  ip_protocol       = "tcp"
  policy            = "${drop ? 'drop' : 'accept'}"
  port_range        = "${drop ? '1/65535' : '22/22'}"
  priority          = ${1 + (i % 100)}
  security_group_id = "sg-1"
  cidr_ip           = "${i % 256}.${(i >> 8) % 256}.0.0/16"
}`);
  }
  return out.join('\n');
}

const EXPENSIVE = `locals {
${Array.from({ length: 12 }, (_, i) => `  big${i} = length(flatten([for a in range(2000) : [for b in range(2000) : a + ${i}]]))`).join('\n')}
}
resource "alicloud_security_group_rule" "costly" {
  count             = ${Array.from({ length: 12 }, (_, i) => `local.big${i}`).join(' + ')} > 0 ? 1 : 0
  type              = "ingress"
  ip_protocol       = "tcp"
  port_range        = "22/22"
  security_group_id = "sg-1"
  cidr_ip           = "10.0.0.0/8"
}
`;

const WORKLOADS: { name: string; files: Record<string, () => string> }[] = [
  { name: '80,000 lines of garbage', files: { 'garbage.tf': () => garbage(80_000, 1) } },
  { name: '2 MB .tf.json nested 5,000 deep', files: { 'deep.tf.json': () => deepJson(5_000, 2_000_000) } },
  { name: 'one group of 100,000 rules', files: { 'group.tf': () => bigGroup(100_000) } },
  {
    name: '12 locals out of budget, then plain text',
    files: { 'a.tf': () => EXPENSIVE, 'z.tf': () => SSH_RULE },
  },
];

function main(): void {
  const clis = [join(REPO, 'dist', 'cli.js')];
  const other = process.argv.indexOf('--cli');
  if (other > 0) clis.push(resolve(process.argv[other + 1]!));
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const timer = cpuTimer(OUT);
  console.log(`| workload | ${clis.map((c) => (c.startsWith(REPO) ? 'this build' : c)).join(' | ')} |`);
  console.log(`|---|${clis.map(() => '---').join('|')}|`);
  for (const w of WORKLOADS) {
    const dir = join(OUT, w.name.replace(/\W+/g, '-'));
    mkdirSync(dir, { recursive: true });
    for (const [name, make] of Object.entries(w.files)) writeFileSync(join(dir, name), make());
    const samples = clis.map(() => ({ wall: [] as number[], cpu: [] as number[], timedOut: false }));
    for (let i = 0; i < REPS; i++) {
      clis.forEach((cli, k) => {
        if (samples[k]!.timedOut) return;
        const t = timer.run([cli, 'lint', dir, '--format', 'json'], { timeoutMs: TIMEOUT_MS });
        if (!t) samples[k]!.timedOut = true;
        else {
          samples[k]!.wall.push(t.wall);
          samples[k]!.cpu.push(t.cpu);
        }
      });
    }
    const cells = samples.map((s) =>
      s.timedOut
        ? `did not end in ${TIMEOUT_MS / 1000} s`
        : `${median(s.cpu).toFixed(0)} ms (${median(s.wall).toFixed(0)})`,
    );
    console.log(`| ${w.name} | ${cells.join(' | ')} |`);
  }
}

main();
