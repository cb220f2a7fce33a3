/**
 * The program each invocation's child Node process runs (passed with `node -e`, so it works the
 * same from sources and from the esbuild bundle). It reads the request (one JSON line) from fd 3,
 * loads the unzipped code, calls the handler the FC way — `handler(event: Buffer, context[,
 * callback])` — and writes the outcome back on fd 3. The parent reads at most its limit from fd 3
 * whatever the code writes there; the check here only makes the usual case a clear error.
 */
export const CHILD_SOURCE = String.raw`
'use strict';
const path = require('path');
const net = require('net');
const channel = new net.Socket({ fd: 3, readable: true, writable: true });
const reply = (m) => channel.end(JSON.stringify(m), () => process.exit(0));
let input = '';
channel.setEncoding('utf8');
const onData = (chunk) => {
  input += chunk;
  const nl = input.indexOf('\n');
  if (nl < 0) return;
  channel.off('data', onData);
  channel.pause();
  run(JSON.parse(input.slice(0, nl)));
};
channel.on('data', onData);
async function run(msg) {
  try {
    const dot = msg.handler.lastIndexOf('.');
    if (dot <= 0) throw new Error('handler "' + msg.handler + '" must look like index.handler');
    const file = msg.handler.slice(0, dot);
    const name = msg.handler.slice(dot + 1);
    const mod = require(path.resolve(msg.codeDir, file));
    const fn = mod[name];
    if (typeof fn !== 'function') throw new Error('handler "' + msg.handler + '" is not an exported function');
    const event = Buffer.from(msg.event, 'base64');
    const context = Object.assign({}, msg.context, { logger: console });
    const result = await new Promise((resolve, reject) => {
      let settled = false;
      const done = (err, res) => {
        if (settled) return;
        settled = true;
        if (err) reject(err); else resolve(res);
      };
      let returned;
      try {
        returned = fn(event, context, done);
      } catch (e) {
        done(e);
        return;
      }
      if (returned && typeof returned.then === 'function') returned.then((v) => done(null, v), done);
      else if (fn.length < 3) done(null, returned);
    });
    let body;
    if (Buffer.isBuffer(result) || result instanceof Uint8Array) body = Buffer.from(result);
    else if (typeof result === 'string') body = Buffer.from(result, 'utf8');
    else if (result === undefined || result === null) body = Buffer.alloc(0);
    else body = Buffer.from(JSON.stringify(result), 'utf8');
    if (body.length > msg.maxResultBytes) {
      const e = new Error('the result is ' + body.length + ' bytes, larger than the limit of ' + msg.maxResultBytes);
      e.name = 'ResultTooLarge';
      throw e;
    }
    reply({ ok: true, body: body.toString('base64') });
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply({
      ok: false,
      errorType: err.name || 'Error',
      errorMessage: err.message,
      stackTrace: String(err.stack || '').split('\n').slice(1).map((s) => s.trim()),
    });
  }
}
`;
