// node:test reporter for mutant runs: the first failing test kills the mutant, so the process ends
// there (exit 1) instead of running the rest of the target's tests. Prints nothing.
export default async function* bail(source) {
  for await (const event of source) {
    if (event.type === 'test:fail' && !event.data.todo) process.exit(1);
  }
  yield '';
}
