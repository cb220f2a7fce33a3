/// <reference types="mocha" />
/**
 * The extension in a real VS Code (code-server here; desktop VS Code via runTests elsewhere):
 * activation, diagnostics, a quick fix applied through the editor API, and a settings change.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sg-guard.sg-guard';
const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0]!.uri;
const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder(), rel);

const sgDiagnostics = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'sg-guard');
const codeOf = (d: vscode.Diagnostic): string =>
  typeof d.code === 'object' ? String(d.code.value) : String(d.code);

/** Waits until the diagnostics of `uri` satisfy `pred` (diagnostics arrive asynchronously). */
async function waitForDiagnostics(
  uri: vscode.Uri,
  pred: (d: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const d = sgDiagnostics(uri);
    if (pred(d)) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`diagnostics of ${uri.fsPath} never matched; last: ${JSON.stringify(sgDiagnostics(uri))}`);
}

suite('SG Guard extension', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
  });

  test('activates and registers its commands', async () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    const all = await vscode.commands.getCommands(true);
    for (const id of ['sgGuard.lintWorkspace', 'sgGuard.showOutput', 'sgGuard.restartServer']) {
      assert.ok(all.includes(id), id);
    }
  });

  test('the background scan reports a file that was never opened', async () => {
    const uri = file('scanned/main.tf');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()));
    const [d] = await waitForDiagnostics(uri, (ds) => ds.length === 1);
    assert.equal(codeOf(d!), 'sg-risky-ports-check');
    assert.match(d!.message, /RDP \(3389\/tcp\)/);
  });

  test('shows the finding in an opened .tf with its rule id, docs link and exact range', async () => {
    const doc = await vscode.workspace.openTextDocument(file('main/main.tf'));
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(doc.uri, (x) => x.length === 1);
    const d = ds[0]!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(d), 'sg-risky-ports-check');
    assert.ok(typeof d.code === 'object' && /sg-risky-ports-check/.test(d.code.target.toString()));
    assert.equal(doc.getText(d.range), '"0.0.0.0/0"');
    assert.equal(d.range.start.line, 9);
  });

  test('a quick fix from executeCodeActionProvider, applied, clears the diagnostic', async () => {
    const uri = file('main/main.tf');
    const [d] = await waitForDiagnostics(uri, (x) => x.length === 1);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      d!.range,
    );
    const fix = actions.find((a) => a.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24');
    assert.ok(fix?.edit, actions.map((a) => a.title).join('\n'));
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /cidr_ip {11}= "203\.0\.113\.0\/24"/);
    await waitForDiagnostics(uri, (x) => x.length === 0);
  });

  test('Restrict to a trusted range… is offered, edits where the value is written and remembers the range', async () => {
    const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
    const main = file('restrict/main.tf');
    const tfvars = file('restrict/terraform.tfvars');
    await vscode.workspace.fs.writeFile(
      main,
      enc(
        'variable "admin_cidr" {}\nresource "alicloud_security_group_rule" "ssh" {\n  type              = "ingress"\n' +
          '  ip_protocol       = "tcp"\n  port_range        = "22/22"\n  security_group_id = "sg-1"\n' +
          '  cidr_ip           = var.admin_cidr\n}\n',
      ),
    );
    await vscode.workspace.fs.writeFile(tfvars, enc('admin_cidr = "0.0.0.0/0"\n'));
    try {
      const [d] = await waitForDiagnostics(main, (x) => x.length === 1, 30_000);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        main,
        d!.range,
      );
      const restrict = actions.find((a) => a.title === 'Restrict to a trusted range…');
      assert.ok(restrict?.command, actions.map((a) => a.title).join('\n'));
      const outcome = await vscode.commands.executeCommand<{ cidr: string; rememberedIn?: string }>(
        restrict.command.command,
        ...((restrict.command.arguments ?? []) as unknown[]),
        { cidr: '10.20.0.0/16', remember: true },
      );
      assert.equal(outcome.cidr, '10.20.0.0/16');
      const doc = await vscode.workspace.openTextDocument(tfvars);
      assert.equal(doc.getText(), 'admin_cidr = "10.20.0.0/16"\n');
      await waitForDiagnostics(main, (x) => x.length === 0);
      assert.equal(outcome.rememberedIn, file('.sg-guard.yaml').fsPath);
      const config = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('.sg-guard.yaml')));
      assert.match(config, /\ntrustedCidrs:\n {2}- 10\.20\.0\.0\/16\n$/);
    } finally {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(tfvars));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor'); // main.tf
      await vscode.workspace.fs.delete(file('restrict'), { recursive: true });
    }
  });

  test('changing sgGuard.ports re-lints without a reload', async () => {
    const uri = file('main/main.tf');
    const config = vscode.workspace.getConfiguration('sgGuard');
    await config.update('ports', [8080], vscode.ConfigurationTarget.Workspace);
    try {
      const [d] = await waitForDiagnostics(uri, (x) => x.length === 1 && /8080/.test(x[0]!.message));
      assert.equal(d!.relatedInformation?.[0]?.location.uri.path.endsWith('/main/variables.tf'), true);
      await waitForDiagnostics(file('scanned/main.tf'), (x) => x.length === 0);
    } finally {
      await config.update('ports', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(file('scanned/main.tf'), (x) => x.length === 1);
  });

  test('the status bar shows one count: the findings the Problems panel lists at error or warning level', async () => {
    const rules = ['sg-risky-ports-check', 'sg-public-access-check', 'sg-port-range-valid'];
    const listed = (): number =>
      vscode.languages
        .getDiagnostics()
        .flatMap(([, ds]) => ds)
        .filter(
          (d) =>
            d.source === 'sg-guard' &&
            d.severity <= vscode.DiagnosticSeverity.Warning &&
            rules.includes(codeOf(d)),
        ).length;
    const bar = (): Thenable<{ text: string; tooltip: string }> =>
      vscode.commands.executeCommand('sgGuard.test.statusBar');
    const deadline = Date.now() + 20_000;
    let shown = await bar();
    while (shown.text !== `$(shield) SG Guard: ${listed()}` && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      shown = await bar();
    }
    const n = listed();
    assert.equal(shown.text, `$(shield) SG Guard: ${n}`);
    assert.ok(shown.tooltip.startsWith(`**${n} finding${n === 1 ? '' : 's'}**: `), shown.tooltip);
    const r = await vscode.commands.executeCommand<{ findings: number }>('sgGuard.lintWorkspace');
    assert.equal(r.findings, n);
  });

  test('the lint-workspace command answers with counts', async () => {
    const r = await vscode.commands.executeCommand<{ modules: number; findings: number }>(
      'sgGuard.lintWorkspace',
    );
    assert.deepEqual(r, { modules: 2, findings: 1 });
  });

  test('an unsaved edit of a YAML access list re-lints its rules; the value is squiggled and fixed there', async () => {
    const main = file('data/main.tf');
    const yaml = file('data/access.yaml');
    const enc = (t: string): Uint8Array => new TextEncoder().encode(t);
    await vscode.workspace.fs.writeFile(yaml, enc('rules:\n  - name: ssh\n    cidr: 10.0.0.0/8\n'));
    await vscode.workspace.fs.writeFile(
      main,
      enc(
        'locals {\n  rules = { for r in yamldecode(file("${path.module}/access.yaml")).rules : r.name => r }\n}\n' +
          'resource "alicloud_security_group_rule" "admin" {\n  for_each          = local.rules\n' +
          '  type              = "ingress"\n  ip_protocol       = "tcp"\n  port_range        = "22/22"\n' +
          '  security_group_id = "sg-1"\n  cidr_ip           = each.value.cidr\n}\n',
      ),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
      await waitForDiagnostics(main, (x) => x.length === 0);
      const doc = await vscode.workspace.openTextDocument(yaml);
      await vscode.window.showTextDocument(doc);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(yaml, new vscode.Range(2, 10, 2, 20), '0.0.0.0/0');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.equal(doc.isDirty, true, 'not saved: the server reads the open buffer');
      await waitForDiagnostics(main, (x) => x.length === 1);
      const [d] = await waitForDiagnostics(yaml, (x) => x.length === 1);
      assert.equal(doc.getText(d!.range), '0.0.0.0/0');
      // A note where the value is written: the finding itself is counted once, at the rule.
      assert.equal(d!.severity, vscode.DiagnosticSeverity.Information);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        yaml,
        d!.range,
      );
      const fix = actions.find((a) => a.title === 'Replace 0.0.0.0/0 with trusted 203.0.113.0/24');
      assert.ok(fix?.edit, actions.map((a) => a.title).join('\n'));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.match(doc.getText(), /cidr: 203\.0\.113\.0\/24/);
      await waitForDiagnostics(main, (x) => x.length === 0);
      await waitForDiagnostics(yaml, (x) => x.length === 0);
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await vscode.workspace.fs.delete(file('data'), { recursive: true });
    }
  });
});
