/**
 * Extension-host test entry (VS Code's `--extensionTestsPath` points at the bundle of this file):
 * runs the mocha suites next to it inside the extension host and reports failures as a rejection.
 */
import Mocha from 'mocha';
import { join } from 'node:path';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(join(__dirname, 'extension.spec.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      const stats = mocha.suite.total();
      console.log(`extension-host suite: ${stats - failures} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
  });
}
