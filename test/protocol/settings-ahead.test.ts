// Settings sent ahead with `initialize` (InitializationOptions.configuration: what the client would
// answer to workspace/configuration): the files open at start are linted before that answer arrives
// (a busy extension host answers late), and their first diagnostics are exactly the ones a server
// that waited for the answer publishes — non-default settings, each folder of a multi-root workspace
// with its own over its own .sg-guard.yaml, hostile values cleaned the same way, Restricted Mode the
// same. Settings that leave a folder out are not taken: the server waits for the answer.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ensureBuilt, messageOf, startSession, uri, workspace, type Session } from './lsp-client';
import { rule } from './fixtures';

const open = (port: number, cidr = '"0.0.0.0/0"', name = `p${port}`): string =>
  rule(
    name,
    `  ip_protocol       = "tcp"\n  port_range        = "${port}/${port}"\n  cidr_ip           = ${cidr}`,
  );
const MAIN =
  [22, 3306, 5432, 8080].map((p) => open(p)).join('') +
  open(8080, 'var.cidr', 'unknown_http') +
  open(22, 'var.cidr', 'unknown_ssh') +
  'variable "cidr" {}\n' +
  'resource "alicloud_instance" "x" {\n  security_groups = ["sg-1"]\n}\n';

interface Scenario {
  files: Record<string, string>;
  /** Workspace folders, relative to the root. */
  folders: string[];
  /** Open at start, relative to the root. */
  opened: string[];
  window: Record<string, unknown>;
  /** Settings per folder (relative path), else the window's. */
  perFolder?: Record<string, Record<string, unknown>>;
  trusted?: boolean;
}

interface Run {
  s: Session;
  /** Each open file's first published diagnostics, with the root written ROOT. */
  first: string[];
  /** Each open file's diagnostics once the answer is in and the workspace scanned. */
  settled: () => string[];
  /** Every publish of the open files, in that form. */
  all: () => string[][];
}

/**
 * Runs a scenario. `ahead` is what the client sends with `initialize` (function of the root): with
 * it, workspace/configuration is answered only after the open files' first diagnostics arrived.
 * With `shown`, the client also names the open files as shown unmodified: those inside a folder are
 * published before their didOpen is sent, the others not.
 */
async function run(
  sc: Scenario,
  ahead?: (root: string) => unknown,
  { answer = {}, shown = false }: { answer?: Partial<Scenario>; shown?: boolean } = {},
): Promise<Run> {
  ensureBuilt();
  const root = workspace(sc.files);
  const norm = (ds: Diagnostic[]): string =>
    JSON.stringify(ds).replaceAll(uri(root), 'ROOT').replaceAll(JSON.stringify(root).slice(1, -1), 'ROOT');
  let release: () => void = () => undefined;
  const gate = ahead ? new Promise<void>((r) => (release = r)) : undefined;
  const perFolder = answer.perFolder ?? sc.perFolder ?? {};
  const s = await startSession(root, answer.window ?? sc.window, ['--debounce-ms=0'], {
    folders: sc.folders.map((f) => join(root, f)),
    folderSettings: Object.fromEntries(Object.entries(perFolder).map(([f, v]) => [uri(join(root, f)), v])),
    ...(gate ? { configurationGate: gate } : {}),
    initializationOptions: {
      trusted: sc.trusted ?? true,
      ...(ahead ? { configuration: ahead(root) } : {}),
      ...(shown ? { shownOnDisk: sc.opened.map((f) => uri(join(root, f))) } : {}),
    },
  });
  const paths = sc.opened.map((f) => join(root, f));
  if (shown) {
    const inFolder = sc.opened.filter((f) => sc.folders.some((d) => f.startsWith(`${d}/`)));
    await Promise.all(inFolder.map((f) => s.waitFor(join(root, f), () => true, 30_000)));
    const early = s.history.filter(
      (h) => paths.some((p) => h.uri === uri(p)) && !inFolder.some((f) => h.uri === uri(join(root, f))),
    );
    assert.deepEqual(early, [], 'a file outside every folder is not read before it is opened');
  }
  for (const p of paths) s.open(p, sc.files[p.slice(root.length + 1)]!);
  const first = (await Promise.all(paths.map((p) => s.waitFor(p, () => true, 30_000)))).map(norm);
  release();
  await s.conn.sendRequest('sgGuard/lintWorkspace');
  return {
    s,
    first,
    settled: () => paths.map((p) => norm(s.diagnostics.get(uri(p))!.diagnostics)),
    all: () => paths.map((p) => s.history.filter((h) => h.uri === uri(p)).map((h) => norm(h.diagnostics))),
  };
}

/** What the VS Code client sends: the same values the answer holds, each folder by its URI. */
const sameAsAnswer =
  (sc: Scenario) =>
  (root: string): unknown => ({
    window: sc.window,
    folders: Object.fromEntries(sc.folders.map((f) => [uri(join(root, f)), sc.perFolder?.[f] ?? sc.window])),
  });

/** Runs the scenario with settings sent ahead and without; the first must equal the other's end. */
async function sameAsWaiting(sc: Scenario, shown = true): Promise<Run> {
  const waited = await run(sc);
  const expected = waited.settled();
  await waited.s.close();
  const ahead = await run(sc, sameAsAnswer(sc), { shown });
  try {
    assert.deepEqual(ahead.first, expected, 'the first diagnostics are those the answer gives');
    assert.deepEqual(ahead.settled(), expected);
    for (const [i, publishes] of ahead.all().entries())
      for (const p of publishes) assert.equal(p, expected[i], `${sc.opened[i]} never shows anything else`);
  } finally {
    await ahead.s.close();
  }
  return { ...ahead, first: expected };
}

const MULTI_ROOT: Scenario = {
  files: {
    'a/app/main.tf': MAIN,
    'b/.sg-guard.yaml': 'ports: [5432]\nseverity: { sg-risky-ports-check: warning }\n',
    'b/app/main.tf': MAIN,
    'loose/main.tf': MAIN,
  },
  folders: ['a', 'b'],
  // The file outside every folder first: it would be linted first if it were read early.
  opened: ['loose/main.tf', 'a/app/main.tf', 'b/app/main.tf'],
  window: { ports: [3306], unverifiedInfo: false },
  perFolder: {
    a: { ports: [8080], trustedCidrs: ['203.0.113.0/24'], severity: { 'sg-public-access-check': 'off' } },
    b: { unverifiedInfo: false },
  },
};

void describe('settings sent ahead with initialize', () => {
  for (const shown of [false, true]) {
    const how = shown ? 'shown unmodified: published before their didOpen' : 'linted on didOpen';
    void it(`multi-root, each folder with its own settings over its own .sg-guard.yaml (${how})`, async () => {
      const { first } = await sameAsWaiting(MULTI_ROOT, shown);
      const [loose, a, b] = first.map((j) =>
        (JSON.parse(j) as Diagnostic[]).map((d) => `${d.severity} ${messageOf(d)}`),
      );
      // Not the defaults (22 and 3389) anywhere: each file shows its own settings' ports.
      assert.ok(a!.some((m) => /^1 .*8080\/tcp/.test(m)) && !a!.some((m) => /SSH|3306|5432/.test(m)));
      assert.ok(
        a!.some((m) => /^3 .*cannot verify/.test(m)),
        'a keeps "cannot verify" (its own setting)',
      );
      assert.ok(
        b!.some((m) => /^2 .*5432\/tcp/.test(m)),
        'b: the file’s port at the file’s severity',
      );
      assert.ok(!b!.some((m) => /SSH|8080|3306|cannot verify/.test(m)), b!.join('\n'));
      // Outside both folders: the window's settings.
      assert.ok(loose!.some((m) => /3306\/tcp/.test(m)) && !loose!.some((m) => /SSH|8080|5432/.test(m)));
    });
  }

  void it('hostile values are cleaned exactly as the answer’s are', async () => {
    await sameAsWaiting({
      files: { 'ws/main.tf': MAIN },
      folders: ['ws'],
      opened: ['ws/main.tf'],
      window: {
        ports: ['22', 'x', 70000, -1, 8080.5, 3306, null],
        severity: { 'sg-risky-ports-check': 'nope', 'sg-public-access-check': 'info' },
        exclude: [5, '', 'nothing/**'],
        trustedCidrs: [1, ' 203.0.113.0/24 '],
        varFiles: 7,
        unverifiedInfo: 'no',
      },
    });
  });

  void it('Restricted Mode: a var file outside the folder is not read, first publish included', async () => {
    const sc: Scenario = {
      // The project (the git work tree) is wider than the workspace folder: the file is in it.
      files: { 'ws/app/main.tf': MAIN, 'outside/evil.tfvars': 'cidr = "0.0.0.0/0"\n', '.git/HEAD': '' },
      folders: ['ws'],
      opened: ['ws/app/main.tf'],
      window: { varFiles: ['../../outside/evil.tfvars'] },
      trusted: false,
    };
    const { first } = await sameAsWaiting(sc);
    const ds = JSON.parse(first[0]!) as Diagnostic[];
    assert.ok(
      ds.some((d) => d.code === 'restricted-mode' && /evil\.tfvars/.test(messageOf(d))),
      first[0],
    );
    assert.ok(
      !ds.some((d) => /unknown/.test(JSON.stringify(d.data)) && d.severity === 1),
      'nothing read from it',
    );
  });

  void it('an answer that differs (settings changed meanwhile) is linted again and wins', async () => {
    const sc: Scenario = {
      files: { 'ws/main.tf': MAIN },
      folders: ['ws'],
      opened: ['ws/main.tf'],
      window: { ports: [22] },
    };
    const waited = await run(sc);
    const expected = waited.settled();
    await waited.s.close();
    const r = await run(sc, sameAsAnswer({ ...sc, window: { ports: [8080] } }), { shown: true });
    try {
      assert.match(r.first[0]!, /8080\/tcp/, 'linted at once with what was sent');
      assert.deepEqual(r.settled(), expected, 'then with the answer');
    } finally {
      await r.s.close();
    }
  });

  for (const [name, ahead] of [
    ['a folder left out', (root: string) => ({ window: {}, folders: { [uri(join(root, 'a'))]: {} } })],
    ['no folders', () => ({ window: { ports: [8080] } })],
    ['not an object', () => 'ports: [8080]'],
    ['folders as a list', (root: string) => ({ window: {}, folders: [uri(join(root, 'a'))] })],
  ] as const) {
    void it(`settings sent ahead with ${name} are not taken: the open file waits for the answer`, async () => {
      ensureBuilt();
      const root = workspace({ 'a/main.tf': MAIN, 'b/main.tf': MAIN });
      let answered = false;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => (release = r)).then(() => (answered = true));
      const s = await startSession(root, { ports: [8080] }, ['--debounce-ms=0'], {
        folders: [join(root, 'a'), join(root, 'b')],
        configurationGate: gate,
        initializationOptions: { configuration: ahead(root) },
      });
      try {
        const file = join(root, 'a/main.tf');
        s.open(file, MAIN);
        const published = s.waitFor(file, () => true, 30_000).then((d) => ({ d, answered }));
        await new Promise((r) => setTimeout(r, 1_000));
        release();
        const { d, answered: before } = await published;
        assert.equal(before, true, 'published only after the answer');
        assert.ok(d.some((x) => /8080\/tcp/.test(messageOf(x))) && !d.some((x) => /SSH/.test(messageOf(x))));
      } finally {
        await s.close();
      }
    });
  }
});
