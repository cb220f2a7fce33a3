/**
 * V8 settings for a lint process, which lives a fraction of a second: most of its code runs before
 * the optimising compiler has caught up, and the compiler's background work competes with the
 * garbage collector for the same cores. Smaller inlining budgets make each optimised function much
 * quicker to compile, and a larger profiler budget optimises only what is really hot. Measured with
 * bench/lint: about 20% less CPU time and 10% less wall time on both workloads. The heap may grow to
 * 1.4 times what is live after a full collection, not the up-to-4 times V8 allows a fast-collecting
 * program: a lint of a whole repository keeps little (lint/release.ts) but allocates a lot, and
 * bench/memory measured 360-380 MB peak RSS on 100,000 files without it, 230-240 MB with it (before
 * the smaller read caches and report pieces brought it near 210), for 3% more CPU time. Only for a `lint` run: the language server and the sandbox are long-lived and
 * keep V8's defaults.
 */
export const LINT_V8_FLAGS: readonly string[] = [
  '--max-inlined-bytecode-size-cumulative=200',
  '--interrupt-budget=200000',
  '--heap-growing-percent=40',
];
