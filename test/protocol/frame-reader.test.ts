/**
 * The stdio frame reader on its own (issue 11, class 10): valid frames cut anywhere arrive whole and
 * in order; a bad frame among them is answered with a parse error and every valid frame after it
 * still arrives.
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { FrameReader } from '../../server/src/lsp/frame-reader';

const frame = (o: unknown): string => {
  const body = JSON.stringify(o);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};
const BAD = [
  'X-Foo: 1\r\n\r\n{}',
  'Content-Length: abc\r\n\r\n',
  'Content-Length: 3\r\n\r\n{{{',
  'garbage\r\n\r\n',
];

async function read(chunks: Buffer[]): Promise<{ messages: unknown[]; errors: number }> {
  const stream = new PassThrough();
  const messages: unknown[] = [];
  let errors = 0;
  const reader = new FrameReader(stream, () => void errors++);
  reader.listen((m) => messages.push(m));
  for (const c of chunks) stream.write(c);
  // A stream delivers its data on later turns.
  for (let i = 0; i <= chunks.length; i++) await new Promise((r) => setImmediate(r));
  return { messages, errors };
}

function cut(text: string, cuts: number[]): Buffer[] {
  const buf = Buffer.from(text);
  const at = [...new Set(cuts.map((c) => Math.floor(c * buf.length)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const a of [...at, buf.length]) {
    out.push(buf.subarray(prev, a));
    prev = a;
  }
  return out.filter((b) => b.length > 0);
}

describe('frame reader', () => {
  it('valid frames cut anywhere arrive whole and in order; bad ones are answered and skipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ id: fc.nat(), text: fc.string({ unit: 'grapheme', maxLength: 20 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom(...BAD)), { nil: undefined }),
        async (msgs, cuts, bad) => {
          const frames = msgs.map((m) => frame({ jsonrpc: '2.0', method: 'x', params: m }));
          if (bad) frames.splice(bad[0] % (frames.length + 1), 0, bad[1]);
          const { messages, errors } = await read(cut(frames.join(''), cuts));
          assert.deepEqual(
            messages.map((m) => (m as { params: unknown }).params),
            JSON.parse(JSON.stringify(msgs)),
          );
          assert.equal(errors, bad ? 1 : 0);
        },
      ),
      { numRuns: 300, seed: 10 },
    );
  });
});
