/**
 * Extension-host test entry (VS Code's `--extensionTestsPath` points at the bundle of this file):
 * runs the mocha suites next to it inside the extension host and reports failures as a rejection.
 */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The editor suite first (it counts the workspace's files; the cloud suites add some), then the rest.
  const specs = readdirSync(__dirname)
    .filter((f) => f.endsWith('.spec.js'))
    .sort(
      (a, b) => Number(b === 'extension.spec.js') - Number(a === 'extension.spec.js') || a.localeCompare(b),
    );
  for (const f of specs) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const stats = mocha.suite.total();
      console.log(`extension-host suite: ${stats - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
