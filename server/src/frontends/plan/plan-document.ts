/**
 * Lists the `alicloud_security_group_rule` instances a Terraform plan or state leaves in place,
 * with the JSON object that holds each one's final values. The formats are Terraform's published
 * JSON output format (developer.hashicorp.com/terraform/internals/json-format; hashicorp/terraform
 * website/docs/internals/json-format.mdx): a plan's `resource_changes[].change.{actions, after,
 * after_unknown}`, a state's `values.root_module` (`terraform show -json`), and the state file itself
 * (`terraform.tfstate`, version 4: `resources[].instances[].attributes`).
 */
import type { JObject, JValue } from '../../parse/json';
import { asObject, items, member, pathIndex, pathKey, stringOf } from './json-access';

export const RULE_TYPE = 'alicloud_security_group_rule';

export interface PlannedInstance {
  /** Full address: `module.net.alicloud_security_group_rule.ssh["admin"]`. */
  address: string;
  /** `module.net` (instance keys kept), or '' at the root. */
  moduleAddress: string;
  /** The resource's name in its module: `ssh`. */
  name: string;
  /** The object holding the attribute values (`after`, `values`, `attributes`). */
  values: JObject;
  valuesPath: string;
  /** A plan's `after_unknown` for this instance (true leaves are known only after apply). */
  unknown?: JValue;
  /** The resource_changes / resources entry (where a finding points when nothing better is known). */
  object: JObject;
  /** What the plan does: `create`, `update`, `replace`, `no-op`; undefined for state. */
  action?: string;
}

export interface PlanDocument {
  kind: 'plan' | 'state';
  instances: PlannedInstance[];
  /** A plan's `configuration` section (module calls and expressions), when present. */
  configuration?: JValue;
  /** Why the document cannot be read as a whole (an unsupported format version). */
  problem?: { message: string; at: JValue };
}

/** Major versions of the JSON output format this reader understands ("Reject any input which
 * reports an unsupported major version", says the format's documentation). */
const SUPPORTED_MAJOR = '1';

export function readPlanDocument(root: JValue): PlanDocument {
  const version = member(root, 'format_version');
  const major = stringOf(version)?.split('.')[0];
  if (version && major !== SUPPORTED_MAJOR) {
    return {
      kind: 'plan',
      instances: [],
      problem: {
        message: `unsupported format_version ${JSON.stringify(stringOf(version) ?? '?')}: sg-guard reads Terraform's JSON output format 1.x`,
        at: version,
      },
    };
  }
  const stateVersion = member(root, 'version');
  if (!version && stateVersion && !(stateVersion.kind === 'number' && stateVersion.value === 4)) {
    return {
      kind: 'state',
      instances: [],
      problem: {
        message: 'unsupported state file version: sg-guard reads version 4 (Terraform 0.12 and later)',
        at: stateVersion,
      },
    };
  }
  if (member(root, 'resource_changes') || member(root, 'planned_values') || member(root, 'prior_state')) {
    return { kind: 'plan', instances: fromChanges(root), configuration: member(root, 'configuration') };
  }
  if (member(root, 'values'))
    return { kind: 'state', instances: fromValues(member(root, 'values'), '$.values') };
  return { kind: 'state', instances: fromStateFile(root) };
}

/** `[0]` or `["admin"]`: how Terraform writes an instance key in an address. */
function keySuffix(index: JValue | undefined): string {
  if (index?.kind === 'number') return `[${index.value}]`;
  if (index?.kind === 'string') return `[${JSON.stringify(index.value)}]`;
  return '';
}

function isRule(o: JValue): boolean {
  return (
    stringOf(member(o, 'type')) === RULE_TYPE && (stringOf(member(o, 'mode')) ?? 'managed') === 'managed'
  );
}

/** What a change's actions mean for the outcome; undefined when the object is gone after apply. */
function outcome(actions: string[]): string | undefined {
  if (actions.includes('create')) return actions.includes('delete') ? 'replace' : 'create';
  if (actions.includes('update')) return 'update';
  // An unchanged rule is still there after apply, as exposed as before.
  if (actions.includes('no-op')) return 'no-op';
  return undefined;
}

function fromChanges(root: JValue): PlannedInstance[] {
  const out: PlannedInstance[] = [];
  items(member(root, 'resource_changes')).forEach((rc, i) => {
    const object = asObject(rc);
    if (!object || !isRule(object)) return;
    // A deposed object is the old half of a replacement: it is being destroyed.
    if (member(object, 'deposed') !== undefined) return;
    const path = pathIndex('$.resource_changes', i);
    const change = member(object, 'change');
    const actions = items(member(change, 'actions')).flatMap((a) => (a.kind === 'string' ? [a.value] : []));
    const action = outcome(actions);
    const after = asObject(member(change, 'after'));
    if (!action || !after) return;
    const name = stringOf(member(object, 'name')) ?? '';
    const moduleAddress = stringOf(member(object, 'module_address')) ?? '';
    out.push({
      address: stringOf(member(object, 'address')) ?? addressOf(moduleAddress, name, member(object, 'index')),
      moduleAddress,
      name,
      values: after,
      valuesPath: `${path}.change.after`,
      unknown: member(change, 'after_unknown'),
      object,
      action,
    });
  });
  return out;
}

function addressOf(moduleAddress: string, name: string, index: JValue | undefined): string {
  return `${moduleAddress ? `${moduleAddress}.` : ''}${RULE_TYPE}.${name}${keySuffix(index)}`;
}

/** A values representation: `root_module` and its `child_modules`, recursively. */
function fromValues(values: JValue | undefined, base: string): PlannedInstance[] {
  const out: PlannedInstance[] = [];
  const walk = (mod: JValue | undefined, path: string, depth: number): void => {
    const moduleAddress = stringOf(member(mod, 'address')) ?? '';
    items(member(mod, 'resources')).forEach((r, i) => {
      const object = asObject(r);
      const vals = asObject(member(object, 'values'));
      if (!object || !vals || !isRule(object)) return;
      const name = stringOf(member(object, 'name')) ?? '';
      const rPath = pathIndex(`${path}.resources`, i);
      out.push({
        address:
          stringOf(member(object, 'address')) ?? addressOf(moduleAddress, name, member(object, 'index')),
        moduleAddress,
        name,
        values: vals,
        valuesPath: `${rPath}.values`,
        object,
      });
    });
    // Module trees are as deep as the configuration's calls; a hostile file is not followed forever.
    if (depth >= 100) return;
    items(member(mod, 'child_modules')).forEach((c, i) =>
      walk(c, pathIndex(`${path}.child_modules`, i), depth + 1),
    );
  };
  walk(member(values, 'root_module'), pathKey(base, 'root_module'), 0);
  return out;
}

/** The state file itself (`terraform.tfstate`, format version 4). */
function fromStateFile(root: JValue): PlannedInstance[] {
  const out: PlannedInstance[] = [];
  items(member(root, 'resources')).forEach((r, i) => {
    const object = asObject(r);
    if (!object || !isRule(object)) return;
    const moduleAddress = stringOf(member(object, 'module')) ?? '';
    const name = stringOf(member(object, 'name')) ?? '';
    items(member(object, 'instances')).forEach((inst, k) => {
      const attrs = asObject(member(inst, 'attributes'));
      // A deposed instance is waiting to be destroyed.
      if (!attrs || member(inst, 'deposed') !== undefined) return;
      const path = pathIndex(`${pathIndex('$.resources', i)}.instances`, k);
      out.push({
        address: addressOf(moduleAddress, name, member(inst, 'index_key')),
        moduleAddress,
        name,
        values: attrs,
        valuesPath: `${path}.attributes`,
        object: asObject(inst) ?? object,
      });
    });
  });
  return out;
}
