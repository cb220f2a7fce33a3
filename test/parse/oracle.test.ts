/**
 * Differential tests against HashiCorp's HCL parser (@cdktf/hcl2json, WASM): on files it accepts we
 * report no error and the same literal values; on files it rejects we report at least one error.
 */
import { parse as hcl2json } from '@cdktf/hcl2json';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseFile } from '../../server/src/parse/index';
import { diff, listFiles, literalSlices, mutate, prng, repoRoot, shapeOf, sharedDir } from './oracle';
import { CORPUS, PEER_FIXTURES, failInCi, needShared, sharedMissingReason } from '../helpers/paths';

interface Tally {
  files: number;
  accepted: number;
  rejected: number;
  values: number;
  problems: string[];
}

async function compare(name: string, text: string, t: Tally): Promise<void> {
  t.files++;
  let theirs: unknown;
  let rejection = '';
  try {
    theirs = await hcl2json(name, text);
  } catch (e) {
    rejection = String(e);
  }
  const ours = parseFile(name, text);
  if (rejection) {
    t.rejected++;
    if (ours.errors.length === 0)
      t.problems.push(`${name}: hcl2json rejects (${rejection.slice(0, 160)}) but we report no error`);
    return;
  }
  t.accepted++;
  if (ours.errors.length > 0) {
    const e = ours.errors[0]!;
    t.problems.push(`${name}: hcl2json accepts but we report "${e.message}" at ${e.range.start}`);
    return;
  }
  const out: string[] = [];
  t.values += diff(shapeOf(ours.body), theirs, '', out);
  for (const o of out.slice(0, 3)) t.problems.push(`${name}: ${o}`);
}

function report(label: string, t: Tally): void {
  console.log(
    `${label}: ${t.files} files, hcl2json accepted ${t.accepted} / rejected ${t.rejected}, ` +
      `${t.values} literal values compared, ${t.problems.length} disagreements`,
  );
  assert.deepEqual(t.problems.slice(0, 10), []);
}

const tally = (): Tally => ({ files: 0, accepted: 0, rejected: 0, values: 0, problems: [] });
const isTf = (n: string): boolean => n.endsWith('.tf') || n.endsWith('.tfvars');
const corpus = listFiles(join(sharedDir, 'corpus'), isTf);
const peers = listFiles(join(sharedDir, 'peer-fixtures'), isTf);
const examples = listFiles(join(repoRoot, 'examples'), isTf);

void test('agrees with hcl2json on peer fixtures and examples', async () => {
  failInCi(sharedMissingReason(PEER_FIXTURES));
  assert.ok(examples.length > 0, 'examples/ holds no .tf files');
  const r = tally();
  for (const f of [...peers, ...examples]) await compare(f, readFileSync(f, 'utf8'), r);
  report('peer fixtures + examples', r);
});

void test('agrees with hcl2json on the real-world corpus', async (t) => {
  if (!needShared(t, CORPUS)) return;
  const r = tally();
  for (const f of corpus) await compare(f, readFileSync(f, 'utf8'), r);
  report('corpus', r);
});

void test('every literal range, sliced from the source, reads back as the same value (corpus)', async (t) => {
  // Values equal is not enough: a range off by a few characters (after an escape, say) would still
  // pass the value comparisons above. Here HashiCorp's parser reads each range's source on its own.
  if (!needShared(t, CORPUS)) return;
  const r = tally();
  for (const f of corpus) {
    const ours = parseFile(f, readFileSync(f, 'utf8'));
    const slices = literalSlices(ours.text, ours.body);
    if (slices.length === 0) continue;
    r.files++;
    const synthetic = slices.map((s, i) => `v${i} = ${s.source}\n`).join('');
    let theirs: Record<string, unknown>;
    try {
      theirs = (await hcl2json(`${f}#ranges.tf`, synthetic)) as Record<string, unknown>;
    } catch (e) {
      r.problems.push(`${f}: the literals' sources do not parse: ${String(e).slice(0, 200)}`);
      continue;
    }
    r.accepted++;
    const out: string[] = [];
    slices.forEach(
      (s, i) =>
        (r.values += diff(s.value, theirs[`v${i}`], `${f} ${JSON.stringify(s.source).slice(0, 60)}`, out)),
    );
    r.problems.push(...out.slice(0, 3));
  }
  report('corpus literal ranges', r);
  assert.ok(r.values > 30000, `only ${r.values} literal ranges checked`);
});

void test('agrees with hcl2json on mutated (half-typed) files', async () => {
  failInCi(sharedMissingReason(CORPUS));
  const sources = corpus.length > 0 ? corpus : [...peers, ...examples];
  const rnd = prng(20240601);
  const r = tally();
  for (let i = 0; i < 1500; i++) {
    const f = sources[Math.floor(rnd() * sources.length)]!;
    let text = readFileSync(f, 'utf8');
    const edits = 1 + Math.floor(rnd() * 2);
    for (let k = 0; k < edits; k++) text = mutate(text, rnd);
    await compare(`${f}#mut${i}.tf`, text, r);
  }
  report('mutated files', r);
  assert.ok(r.rejected > 0 && r.accepted > 0);
});

void test('Terraform JSON: corpus files converted by hcl2json lower to the same literal values', async (t) => {
  if (!needShared(t, CORPUS)) return;
  const r = tally();
  const step = Math.max(1, Math.floor(corpus.length / 300));
  for (let i = 0; i < corpus.length; i += step) {
    const f = corpus[i]!;
    if (!f.endsWith('.tf')) continue;
    const theirs = await hcl2json(f, readFileSync(f, 'utf8'));
    const json = JSON.stringify(theirs, null, 2);
    const ours = parseFile(`${f}.json`, json);
    r.files++;
    r.accepted++;
    if (ours.errors.length > 0) {
      r.problems.push(`${f}.json: ${ours.errors[0]!.message}`);
      continue;
    }
    const out: string[] = [];
    r.values += diff(shapeOf(ours.body), theirs, '', out);
    for (const o of out.slice(0, 3)) r.problems.push(`${f}.json: ${o}`);
  }
  report('corpus as .tf.json', r);
});

void test('the shared folder is found beside the checkout, whole (required under CI=true)', (t) => {
  t.diagnostic(`shared folder: ${sharedDir}`);
  if (!needShared(t, sharedDir)) return;
  // The corpus holds 3,447 real .tf files and three peer scanners' fixtures: a partial copy would
  // quietly shrink what the oracle tests compare.
  assert.ok(corpus.filter((f) => f.endsWith('.tf')).length >= 3400, `${corpus.length} corpus files`);
  assert.ok(peers.length >= 20, `${peers.length} peer-fixture files`);
});
