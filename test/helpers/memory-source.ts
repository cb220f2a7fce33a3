import { posix } from 'node:path';
import type { FileSource } from '../../server/src/api/index';

/** An in-memory module tree: `{ '/ws/main.tf': '...' }`. */
export function memorySource(files: Record<string, string>): FileSource {
  return {
    listDir(dir) {
      const names = Object.keys(files)
        .filter((p) => posix.dirname(p) === dir)
        .map((p) => posix.basename(p));
      const isDir = Object.keys(files).some((p) => p.startsWith(dir + '/'));
      return isDir ? names : undefined;
    },
    readText: (path) => files[path],
  };
}

/**
 * Marked source: `[[` and `]]` around the range a finding must point at. Returns the clean text and
 * the marked ranges in order.
 */
export function unmark(marked: string): { text: string; ranges: { start: number; end: number }[] } {
  const ranges: { start: number; end: number }[] = [];
  let text = '';
  let i = 0;
  const open: number[] = [];
  while (i < marked.length) {
    if (marked.startsWith('[[', i)) {
      open.push(text.length);
      i += 2;
    } else if (marked.startsWith(']]', i)) {
      ranges.push({ start: open.pop()!, end: text.length });
      i += 2;
    } else {
      text += marked[i];
      i++;
    }
  }
  return { text, ranges: ranges.sort((a, b) => a.start - b.start) };
}
