// Per-test coverage and per-mutant test selection over node's test runner, which Stryker's command
// runner cannot do itself (its coverage analysis is "off": it sees one command, not tests).
//
// Every test gets an id (`file › describe › name`, with `#n` on a repeated name). Stryker's
// instrumented code counts each mutant it reaches in `globalThis.__stryker__.mutantCoverage`: under
// `perTest[currentTestId]` while a test runs, under `static` otherwise (module loading, describe
// bodies). During the dry run this module sets `currentTestId` around each test body and writes
// which tests reach each mutant; during a mutant's run it registers only the tests that reached it.
// A test that never reaches the mutated code behaves exactly as without the mutant, so skipping it
// loses no kill — except through state a test leaves behind (the CIDR caches): a mutant reached only
// once, by the first test filling a cache, is judged by that test alone.
//
// It wraps node:test's `describe`/`it`/`test` exports before the test files are loaded (the test
// files import them by name; syncBuiltinESMExports makes ESM importers see the wrappers too).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);
const nodeTest = require('node:test');

/** The test file being loaded, and the describe names around the code being defined. */
let currentFile = '';
const stack = [];
const seen = new Map();

/** Splits node:test's overloads — (name?, options?, fn?) — into their parts. */
function parts(args) {
  const fn = args.find((a) => typeof a === 'function');
  const name = typeof args[0] === 'string' ? args[0] : (fn?.name ?? '');
  const options = args.find((a) => a !== null && typeof a === 'object');
  return { name, options, fn };
}

function keepProperties(wrapper, original) {
  for (const key of ['skip', 'todo', 'only']) if (key in original) wrapper[key] = original[key];
  return wrapper;
}

function wrapDescribe(original) {
  return keepProperties(function describe(...args) {
    const { name, options, fn } = parts(args);
    if (!fn) return original(...args);
    const file = currentFile;
    const body = function (...a) {
      const [outerFile, depth] = [currentFile, stack.length];
      currentFile = file;
      stack.push(name);
      try {
        return fn.apply(this, a);
      } finally {
        stack.length = depth;
        currentFile = outerFile;
      }
    };
    return original(name, options ?? {}, body);
  }, original);
}

function wrapTest(original, select) {
  return keepProperties(function test(...args) {
    const { name, options, fn } = parts(args);
    const base = [currentFile, ...stack, name].join(' › ');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base} #${n}`;
    if (!select(id)) return Promise.resolve();
    if (!fn) return original(...args);
    const ns = (globalThis.__stryker__ ??= {});
    const run = (self, a) => {
      ns.currentTestId = id;
      let result;
      try {
        result = fn.apply(self, a);
      } catch (e) {
        ns.currentTestId = undefined;
        throw e;
      }
      if (result && typeof result.then === 'function') {
        return result.finally(() => (ns.currentTestId = undefined));
      }
      ns.currentTestId = undefined;
      return result;
    };
    // node:test reads a body's arity: two parameters means a callback test `(t, done)`.
    const body =
      fn.length >= 2
        ? function (t, done) {
            return run(this, [t, done]);
          }
        : function (t) {
            return run(this, [t]);
          };
    return original(name, options ?? {}, body);
  }, original);
}

/** Wraps node:test so only the tests `select(id)` accepts are registered. */
export function wrapNodeTest(select) {
  nodeTest.describe = wrapDescribe(nodeTest.describe);
  nodeTest.suite = nodeTest.describe;
  nodeTest.it = wrapTest(nodeTest.it, select);
  nodeTest.test = wrapTest(nodeTest.test, select);
  syncBuiltinESMExports();
}

/** Loads one test file, with its path as the first part of its tests' ids. */
export async function loadTestFile(file, load) {
  currentFile = file;
  try {
    await load();
  } finally {
    currentFile = '';
  }
}

/** The file a test id belongs to. */
export const fileOfTest = (id) => id.slice(0, id.indexOf(' › '));

/**
 * At the end of the dry run: per mutant id, the tests that reached it, and the mutants reached
 * outside any test (which every test of their target must judge).
 */
export function writeCoverageAtExit(path) {
  process.on('exit', () => {
    const cov = globalThis.__stryker__?.mutantCoverage;
    if (!cov) return;
    const tests = {};
    for (const [testId, mutants] of Object.entries(cov.perTest)) {
      for (const m of Object.keys(mutants)) (tests[m] ??= []).push(testId);
    }
    writeFileSync(path, JSON.stringify({ static: Object.keys(cov.static), tests }));
  });
}

/** The dry run's coverage, or undefined when there was none (tests run outside Stryker). */
export function readCoverage(path) {
  if (!existsSync(path)) return undefined;
  const c = JSON.parse(readFileSync(path, 'utf8'));
  return { static: new Set(c.static), tests: c.tests };
}
