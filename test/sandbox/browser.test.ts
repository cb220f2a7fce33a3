// A web page in the user's browser attacks the sandbox for real (headless Debian chromium through
// playwright-core): cross-origin posts to the control endpoint (CSRF), and DNS rebinding, where a
// name the attacker controls resolves to 127.0.0.1 so the page becomes "same-origin" with it.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startSandbox, type SandboxHandle } from '../../sandbox/src/index';

const CHROMIUM = process.env.SG_GUARD_CHROMIUM ?? '/usr/bin/chromium';
const REBIND_HOST = 'rebind.test';

let sb: SandboxHandle;
let attacker: Server;
let attackerOrigin: string;
let browser: Browser;
let groupsAtStart: number;

/** The attacker's page: every way a page can reach another origin without reading its answers. */
function attackPage(target: string): string {
  return `<!doctype html><meta charset="utf-8"><title>cute cats</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" enctype="text/plain" target="sink" action="${target}/__sandbox/reset">
  <input name='{"seed":"empty","x":"' value='"}'>
</form>
<script>
window.results = {};
(async () => {
  const r = window.results;
  const note = (k, p) => p.then((v) => (r[k] = v), (e) => (r[k] = 'blocked: ' + e));
  await note('noCorsReset', fetch('${target}/__sandbox/reset', {
    method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"seed":"empty"}',
  }).then((res) => 'sent (' + res.type + ')'));
  await note('noCorsFaults', fetch('${target}/__sandbox/faults', {
    method: 'POST', mode: 'no-cors', body: '{"action":"*","kind":"5xx","count":1000}',
  }).then((res) => 'sent (' + res.type + ')'));
  await note('readState', fetch('${target}/__sandbox/state').then((res) => res.text()));
  await note('withGuessedToken', fetch('${target}/__sandbox/reset', {
    method: 'POST', headers: { 'x-sandbox-token': 'guess', 'content-type': 'application/json' }, body: '{}',
  }).then((res) => 'status ' + res.status));
  document.getElementById('f').submit();
  await new Promise((res) => setTimeout(res, 500));
  r.done = true;
})();
</script>`;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no chromium at ${CHROMIUM}: apt-get install -y chromium`);
  sb = await startSandbox({ seed: 'demo' });
  groupsAtStart = Object.keys(sb.sandbox.state.securityGroups).length;
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(attackPage(`http://${sb.endpoint}`));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerOrigin = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // DNS rebinding without a DNS server: the attacker's name answers 127.0.0.1.
      `--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`,
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
  await sb?.close();
});

void describe('a web page in the browser', () => {
  void it('cannot reset, fault or read the sandbox from another origin (CSRF)', async () => {
    const page = await browser.newPage();
    await page.goto(`${attackerOrigin}/`);
    await page.waitForFunction(
      () => (window as unknown as { results: { done?: boolean } }).results.done,
      null,
      {
        timeout: 20000,
      },
    );
    const results = await page.evaluate(
      () => (window as unknown as { results: Record<string, unknown> }).results,
    );
    // The page could send its requests (no-cors fetches and the form post leave the browser)...
    assert.match(String(results.noCorsReset), /^sent/);
    // ...but it could neither read an answer nor get a preflighted request through...
    assert.match(String(results.readState), /^blocked/);
    assert.match(String(results.withGuessedToken), /^blocked/);
    // ...and the sandbox acted on none of them.
    assert.equal(
      Object.keys(sb.sandbox.state.securityGroups).length,
      groupsAtStart,
      'the state was not reset',
    );
    assert.deepEqual(sb.sandbox.faults.pending(), [], 'no fault was injected');
    await page.close();
  });

  void it(`cannot read or reset it through DNS rebinding (${REBIND_HOST} → 127.0.0.1)`, async () => {
    const page = await browser.newPage();
    const landing = await page.goto(`http://${REBIND_HOST}:${sb.port}/`);
    assert.equal(landing?.status(), 403, 'the page itself is refused');
    const seen = await page.evaluate(async () => {
      const state = await fetch('/__sandbox/state');
      const reset = await fetch('/__sandbox/reset', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"seed":"empty"}',
      });
      const api = await fetch('/?Action=DescribeRegions&Version=2014-05-26');
      return { state: state.status, stateText: await state.text(), reset: reset.status, api: api.status };
    });
    assert.equal(seen.state, 403);
    assert.ok(!seen.stateText.includes(sb.accessKeySecret), 'no secret leaked');
    assert.doesNotMatch(seen.stateText, /securityGroups/);
    assert.equal(seen.reset, 403);
    assert.equal(seen.api, 403, 'API calls are refused too, before any signature check');
    assert.equal(
      Object.keys(sb.sandbox.state.securityGroups).length,
      groupsAtStart,
      'the state was not reset',
    );
    await page.close();
  });
});
