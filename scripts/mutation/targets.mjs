// What `npm run test:mutation` mutates, and which test files judge each target's mutants. Only
// in-process tests are listed: a test that runs the built CLI (dist/) would never see a mutant.
// `functions` limits a file to the named functions (found by name, so their lines may move).

/**
 * @typedef {{ file: string, functions?: string[] }} MutateSpec
 * @typedef {{ name: string, mutate: MutateSpec[], tests: string[] }} Target
 */

/** @type {Target[]} */
export const TARGETS = [
  {
    name: 'risk',
    mutate: [
      { file: 'server/src/risk/cidr.ts' },
      { file: 'server/src/risk/group.ts' },
      { file: 'server/src/risk/live.ts' },
      { file: 'server/src/risk/ports.ts' },
      { file: 'server/src/risk/verdicts.ts' },
    ],
    tests: [
      'test/risk/group.test.ts',
      'test/risk/verdicts.test.ts',
      'test/risk/boundaries.test.ts',
      'test/risk/union.test.ts',
      'test/risk/cover-oracle.test.ts',
      'test/risk/edges.test.ts',
      'test/rules/sg-risky-ports-check.test.ts',
      'test/rules/sg-public-access-check.test.ts',
      'test/rules/sg-port-range-valid.test.ts',
      'test/rules/world-sources.test.ts',
      'test/remediation/reference-model.test.ts',
    ],
  },
  {
    name: 'rules',
    mutate: [
      { file: 'server/src/rules/candidate-view.ts' },
      { file: 'server/src/rules/grouping.ts' },
      { file: 'server/src/rules/index.ts' },
      { file: 'server/src/rules/sg-port-range-valid.ts' },
      { file: 'server/src/rules/sg-public-access-check.ts' },
      { file: 'server/src/rules/sg-risky-ports-check.ts' },
      { file: 'server/src/rules/types.ts' },
      { file: 'server/src/rules/unverified.ts' },
    ],
    tests: [
      'test/rules/sg-risky-ports-check.test.ts',
      'test/rules/sg-public-access-check.test.ts',
      'test/rules/sg-port-range-valid.test.ts',
      'test/rules/cannot-verify.test.ts',
      'test/rules/rule-metadata.test.ts',
      'test/rules/world-sources.test.ts',
      'test/rules/unknown-sources.test.ts',
      'test/rules/suppressions.test.ts',
      'test/rules/grouping.test.ts',
      'test/rules/docs.test.ts',
      'test/cli/peer-fixtures.test.ts',
      'test/frontends/ros.test.ts',
    ],
  },
  {
    name: 'parse offsets',
    mutate: [
      { file: 'server/src/parse/positions.ts' },
      { file: 'server/src/parse/templates.ts' },
      { file: 'server/src/parse/template-escapes.ts' },
      { file: 'server/src/parse/json.ts', functions: ['str', 'escapeAt', 'escapeLength', 'valueOffsets'] },
      { file: 'server/src/parse/json-lower.ts', functions: ['template', 'inside', 'remapRanges'] },
    ],
    tests: [
      'test/parse/hcl.test.ts',
      'test/parse/json.test.ts',
      'test/parse/recovery.test.ts',
      'test/parse/offsets.test.ts',
      'test/parse/json-ranges.test.ts',
      'test/parse/quoted-edges.test.ts',
      'test/parse/escapes.test.ts',
      'test/parse/line-index.test.ts',
    ],
  },
  {
    name: 'remediation',
    mutate: [{ file: 'remediation-fn/src/planner.ts' }, { file: 'remediation-fn/src/executor.ts' }],
    tests: [
      'test/remediation/planner.test.ts',
      'test/remediation/executor.test.ts',
      'test/remediation/handler.test.ts',
      'test/remediation/property.test.ts',
      'test/remediation/reference-model.test.ts',
    ],
  },
  {
    name: 'signature',
    mutate: [{ file: 'sandbox/src/http/signature.ts' }],
    // auth.test.ts checks the same over HTTP through the SDKs, but starts a sandbox: ~3 s a mutant.
    tests: ['test/sandbox/signature.test.ts'],
  },
];

/** The target a source file belongs to (undefined for a file no target mutates). */
export function targetOf(file) {
  return TARGETS.find((t) => t.mutate.some((m) => m.file === file));
}
