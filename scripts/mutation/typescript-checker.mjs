// Stryker's TypeScript checker, without TypeScript's 250 ms watch debounce per mutant. The checker
// drives a watching solution builder: it swaps the mutant into the file, and TypeScript waits 250 ms
// (`invalidateProjectAndScheduleBuilds`) for more changes before re-checking — ten minutes of idle
// time over 2,252 mutants. The checker makes all of a mutant's changes synchronously before it
// waits, so re-checking on the next turn of the event loop sees exactly the same changes.
// Loaded in place of `@stryker-mutator/typescript-checker` (`plugins` in run.mjs).
import ts from 'typescript';

ts.sys.setTimeout = (callback, _ms, ...args) => setTimeout(callback, 0, ...args);

export { strykerPlugins, strykerValidationSchema } from '@stryker-mutator/typescript-checker';
