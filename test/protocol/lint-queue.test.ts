// The analyzer's scheduling (server/src/lsp/lint-queue.ts): edits before the background scan, and
// urgentDone — what hover and code actions wait on — resolves only once the urgent work is linted,
// or at once while nothing could lint it (held before the settings arrive, disposed at shutdown).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LintQueue, type ScanProgress } from '../../server/src/lsp/lint-queue';

const quiet: ScanProgress = { report: () => undefined, done: () => undefined };

function recording(onLint: (dir: string, queue: LintQueue) => void = () => undefined): {
  queue: LintQueue;
  linted: string[];
} {
  const linted: string[] = [];
  const queue: LintQueue = new LintQueue(
    (dir) => {
      linted.push(dir);
      onLint(dir, queue);
    },
    (m) => assert.fail(m),
  );
  return { queue, linted };
}

describe('lint queue', () => {
  it('lints queued edits ahead of the background scan, each once', async () => {
    const { queue, linted } = recording();
    queue.startScan(['/w/a', '/w/b'], quiet);
    queue.add('/w/edit');
    queue.add('/w/edit');
    queue.schedule(0);
    await queue.whenIdle();
    assert.deepEqual(linted, ['/w/edit', '/w/a', '/w/b']);
  });

  it('urgentDone resolves after the urgent lint ran, including work that lint queued', async () => {
    const { queue, linted } = recording((dir, q) => {
      if (dir === '/w/caller') q.add('/w/called');
    });
    queue.startScan(['/w/bg1', '/w/bg2', '/w/bg3'], quiet);
    queue.add('/w/caller');
    queue.schedule(0);
    await queue.urgentDone();
    assert.deepEqual(linted, ['/w/caller', '/w/called']);
    await queue.whenIdle();
    assert.deepEqual(linted.slice(2), ['/w/bg1', '/w/bg2', '/w/bg3']);
  });

  it('urgentDone resolves at once with nothing urgent, and while held', async () => {
    const { queue, linted } = recording();
    await queue.urgentDone();
    queue.hold();
    queue.add('/w/open');
    queue.schedule(0);
    await queue.urgentDone();
    assert.deepEqual(linted, []);
    queue.release();
    await queue.urgentDone();
    assert.deepEqual(linted, ['/w/open']);
  });

  it('a waiting urgentDone resolves when the queue is held or disposed', async () => {
    for (const stop of ['hold', 'dispose'] as const) {
      const { queue, linted } = recording();
      queue.add('/w/open');
      queue.schedule(60_000);
      let resolved = false;
      const waiting = queue.urgentDone().then(() => (resolved = true));
      await new Promise((r) => setImmediate(r));
      assert.equal(resolved, false);
      queue[stop]();
      await waiting;
      assert.deepEqual(linted, []);
      queue.dispose();
    }
  });

  it('a lint that throws is logged and the queue goes on', async () => {
    const logged: string[] = [];
    const linted: string[] = [];
    const queue = new LintQueue(
      (dir) => {
        linted.push(dir);
        if (dir === '/w/bad') throw new Error('boom');
      },
      (m) => logged.push(m),
    );
    queue.add('/w/bad');
    queue.add('/w/good');
    queue.schedule(0);
    await queue.urgentDone();
    assert.deepEqual(linted, ['/w/bad', '/w/good']);
    assert.match(logged[0] ?? '', /lint of \/w\/bad failed: Error: boom/);
  });
});
