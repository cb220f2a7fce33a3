import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONFIG_ACTIONS, evaluatorRamActions, ramActionsFor } from '../../remediation-fn/src/actions';
import { DEFAULT_EXEMPT_TAG, DEFAULT_CONFIG_ENDPOINT, ENV, MODES } from '../../remediation-fn/src/settings';
import { diskSource, lintModule } from '../../server/src/api/index';
import { DEFAULT_RISKY_PORTS, RULE_IDS } from '../../server/src/risk';
import { block, parseTemplate, readTemplate, renderedPolicy, TEMPLATES, templateFiles } from './hcl';
import type { Json } from './hcl';

const tfFiles = (): string[] => templateFiles().filter((f) => f.endsWith('.tf'));

void test('the module has the expected files, and every one parses', async () => {
  const files = templateFiles().sort();
  assert.deepEqual(files, ['main.tf', 'outputs.tf', 'terraform.tfvars.example', 'variables.tf', 'versions.tf']);
  for (const f of files) {
    const parsed = await parseTemplate(f);
    assert.ok(Object.keys(parsed).length > 0, `${f} parsed to nothing`);
  }
});

void test('versions.tf pins the aliyun/alicloud provider', async () => {
  const tf = block(await parseTemplate('versions.tf'), 'terraform', 'required_providers');
  const alicloud = tf.alicloud as Json;
  assert.equal(alicloud.source, 'aliyun/alicloud');
  assert.match(String(alicloud.version), /^>= 1\.\d+\.\d+$/);
});

async function variables(): Promise<Record<string, Json>> {
  const parsed = await parseTemplate('variables.tf');
  const vars = parsed.variable as Record<string, Json[]>;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v[0]!]));
}

void test('every variable is typed, described and validated (bool needs no validation)', async () => {
  const vars = await variables();
  assert.ok(Object.keys(vars).length >= 8);
  for (const [name, v] of Object.entries(vars)) {
    assert.ok(typeof v.type === 'string' && v.type !== '', `${name}: no type`);
    assert.ok(typeof v.description === 'string' && v.description.length > 20, `${name}: no description`);
    if (v.type !== '${bool}') assert.ok(Array.isArray(v.validation) && v.validation.length > 0, `${name}: no validation`);
  }
});

void test('every variable is used by the module, shown in the README and in terraform.tfvars.example', async () => {
  const vars = Object.keys(await variables());
  const code = tfFiles()
    .filter((f) => f !== 'variables.tf')
    .map(readTemplate)
    .join('\n');
  const readme = readTemplate('README.md');
  const example = await parseTemplate('terraform.tfvars.example');
  for (const name of vars) {
    assert.match(code, new RegExp(`\\bvar\\.${name}\\b`), `var.${name} is never used`);
    assert.ok(readme.includes(`| \`${name}\` |`), `${name} is not in the README's input table`);
    assert.ok(name in example, `${name} is not in terraform.tfvars.example`);
  }
  for (const name of Object.keys(example)) assert.ok(vars.includes(name), `example sets unknown ${name}`);
});

void test('variable defaults and allowed values match the function', async () => {
  const vars = await variables();
  assert.deepEqual(vars.ports!.default, [...DEFAULT_RISKY_PORTS]);
  assert.equal(vars.exempt_tag!.default, DEFAULT_EXEMPT_TAG);
  assert.equal(vars.config_endpoint!.default, DEFAULT_CONFIG_ENDPOINT);
  assert.equal(vars.mode!.default, 'revoke');
  const modeCheck = String(((vars.mode!.validation as Json[])[0]!).condition);
  for (const m of MODES) assert.ok(modeCheck.includes(`"${m}"`), `mode ${m} is not allowed by the template`);
});

void test("the role's policy grants exactly the actions the function calls, per mode", async () => {
  const locals = block(await parseTemplate('main.tf'), 'locals');
  assert.equal(locals.reevaluates, '${var.reevaluate_after_remediation && var.mode != "dry-run"}');
  assert.deepEqual(locals.config_actions, [`config:${CONFIG_ACTIONS.startEvaluation}`]);
  for (const mode of MODES) {
    for (const reevaluate of [false, true]) {
      const policy = await renderedPolicy(mode, reevaluate);
      const granted = (policy.Statement[0]!.Action as string[]).slice().sort();
      assert.deepEqual(granted, ramActionsFor(mode, reevaluate), `${mode}, reevaluate=${reevaluate}`);
    }
  }
  const policy = block(await parseTemplate('main.tf'), 'resource', 'alicloud_ram_policy', 'function');
  assert.match(String(policy.policy_document), /Action\s*=\s*local\.function_actions/);
  assert.doesNotMatch(readTemplate('main.tf'), /"(ecs|config):\*"/);
});

void test('the function: FC 3.0, nodejs20, the bundled code.zip via filebase64, every setting passed', async () => {
  const main = await parseTemplate('main.tf');
  const fn = block(main, 'resource', 'alicloud_fcv3_function', 'remediation');
  assert.equal(fn.runtime, 'nodejs20');
  assert.equal(fn.handler, 'index.handler');
  assert.equal(fn.role, '${alicloud_ram_role.function.arn}');
  assert.equal(block(fn, 'code').zip_file, '${filebase64("${path.module}/code.zip")}');
  const env = fn.environment_variables as Record<string, string>;
  const known = new Set<string>(Object.values(ENV));
  for (const k of Object.keys(env)) assert.ok(known.has(k), `${k} is not read by the function`);
  // Endpoint overrides are for VPC endpoints and the sandbox: everything else is configured.
  for (const k of Object.values(ENV)) {
    if (k === ENV.ecsEndpoint || k === ENV.protocol) continue;
    assert.ok(k in env, `${k} is not set by the template`);
  }
});

void test('both RAM roles trust only Function Compute', async () => {
  const main = await parseTemplate('main.tf');
  for (const name of ['function', 'evaluator'])
    assert.equal(
      block(main, 'resource', 'alicloud_ram_role', name).assume_role_policy_document,
      '${local.fc_assume_role_policy}',
    );
  const doc = String(block(main, 'locals').fc_assume_role_policy);
  assert.match(doc, /Service = \["fc\.aliyuncs\.com"\]/);
  assert.match(doc, /Action\s*=\s*"sts:AssumeRole"/);
  assert.equal(doc.match(/Service/g)?.length, 1, 'no other principal');
});

void test('the Config rule: the managed sg-risky-ports-check, or SG Guard’s CUSTOM_FC rule on the evaluator', async () => {
  const main = await parseTemplate('main.tf');
  const locals = block(main, 'locals');
  assert.equal(locals.custom_rule, '${var.rule_source == "sg-guard"}');
  const rule = block(main, 'resource', 'alicloud_config_rule', 'risky_ports');
  assert.equal(rule.source_owner, '${local.custom_rule ? "CUSTOM_FC" : "ALIYUN"}');
  assert.equal(
    rule.source_identifier,
    `\${local.custom_rule ? alicloud_fcv3_function.evaluator[0].function_arn : "${RULE_IDS.riskyPorts}"}`,
  );
  assert.deepEqual(rule.resource_types_scope, ['ACS::ECS::SecurityGroup']);
  assert.equal(
    rule.config_rule_trigger_types,
    '${local.custom_rule ? "ConfigurationItemChangeNotification,ScheduledNotification" : "ConfigurationItemChangeNotification"}',
  );
  assert.equal(rule.maximum_execution_frequency, '${local.custom_rule ? "TwentyFour_Hours" : null}');
  assert.deepEqual(rule.input_parameters, { ports: '${local.ports_parameter}' });
  const remediation = block(main, 'resource', 'alicloud_config_remediation', 'revoke_risky_rules');
  assert.equal(remediation.remediation_type, 'FC');
  assert.equal(remediation.remediation_source_type, 'CUSTOM');
  assert.equal(remediation.config_rule_id, '${alicloud_config_rule.risky_ports.config_rule_id}');
  assert.equal(remediation.remediation_template_id, '${alicloud_fcv3_function.remediation.function_arn}');
  assert.equal(remediation.invoke_type, '${var.execution}_EXECUTION');
  const vars = await variables();
  assert.equal(vars.rule_source!.default, 'sg-guard');
  assert.match(String((vars.rule_source!.validation as Json[])[0]!.condition), /"sg-guard", "managed"/);
});

void test('the evaluator: the same code.zip with index.evaluate, its own read-and-report role, only for sg-guard', async () => {
  const main = await parseTemplate('main.tf');
  const fn = block(main, 'resource', 'alicloud_fcv3_function', 'evaluator');
  assert.equal(fn.count, '${local.custom_rule ? 1 : 0}');
  assert.equal(fn.handler, 'index.evaluate');
  assert.equal(fn.role, '${alicloud_ram_role.evaluator[0].arn}');
  assert.equal(block(fn, 'code').zip_file, '${filebase64("${path.module}/code.zip")}');
  const env = fn.environment_variables as Record<string, string>;
  const known = new Set<string>(Object.values(ENV));
  for (const k of Object.keys(env)) assert.ok(known.has(k), `${k} is not read by the function`);
  assert.ok(ENV.configEndpoint in env, 'the evaluator reports to the site’s Config endpoint');
  const locals = block(main, 'locals');
  assert.deepEqual((locals.evaluator_actions as string[]).slice().sort(), evaluatorRamActions());
  for (const r of ['alicloud_ram_role', 'alicloud_ram_policy', 'alicloud_ram_role_policy_attachment'])
    assert.equal(block(main, 'resource', r, 'evaluator').count, '${local.custom_rule ? 1 : 0}');
});

void test('every RAM policy rotates its versions: the 6th change would otherwise fail to apply', async () => {
  // RAM keeps at most 5 versions (CreatePolicyVersion's RotateStrategy in the RAM model); the
  // provider's alicloud_ram_policy passes rotate_strategy through on every update.
  const main = await parseTemplate('main.tf');
  const policies = main.resource as Record<string, Record<string, Json[]>>;
  const names = Object.keys(policies.alicloud_ram_policy!);
  assert.deepEqual(names.sort(), ['evaluator', 'function']);
  for (const name of names) {
    assert.equal(
      block(main, 'resource', 'alicloud_ram_policy', name).rotate_strategy,
      'DeleteOldestNonDefaultVersionWhenLimitExceeded',
      `alicloud_ram_policy.${name}`,
    );
  }
});

void test('no local_file / null_resource / archive / shell tricks', () => {
  const all = tfFiles().map(readTemplate).join('\n');
  assert.doesNotMatch(all, /local_file|null_resource|archive_file|local-exec|external"|base64 -w/);
});

void test('our own linter reports nothing on the module', () => {
  const result = lintModule(TEMPLATES, diskSource());
  assert.equal(result.files.size, tfFiles().length, 'the linter did not read every file');
  assert.deepEqual(result.parseErrors, []);
  assert.deepEqual(result.findings.map((f) => f.message), []);
  assert.deepEqual(result.unverified.map((f) => f.message), []);
});
