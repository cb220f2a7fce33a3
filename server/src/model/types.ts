/**
 * The typed model the rules consume: every `alicloud_security_group_rule` instance (and every rule a
 * registry security-group module call creates), with each field's evaluated value and where it came
 * from. Produced by `model/extract.ts` from the evaluator's output; knows nothing of LSP or vscode.
 */
import type { Range } from '../parse/ast';

/** A place in a file: an absolute path and an offset range into that file's (BOM-less) text. */
export interface Loc {
  file: string;
  range: Range;
}

export type TraceKind =
  | 'variable-default'
  | 'tfvars'
  | 'env'
  | 'cli-var'
  | 'local'
  | 'module-argument'
  | 'module-output'
  | 'resource-argument'
  | 'file'
  | 'each'
  | 'count'
  /** ROS: a template parameter's `Default`. */
  | 'parameter-default'
  /** ROS: a value looked up in the template's `Mappings` (`Fn::FindInMap`). */
  | 'mapping'
  /** Terraform plan or state: where the final value is written in the JSON document. */
  | 'planned-value';

/** One hop of a value's journey, outermost first: e.g. module argument → variable default. */
export interface TraceStep {
  kind: TraceKind;
  /** Human text: `var.admin_cidr (default)`, `terraform.tfvars`, `local.world`, `module.admin argument cidr`. */
  label: string;
  loc?: Loc;
}

export interface FieldValue<T> {
  /** absent: the attribute is not written; unknown: written, but its value cannot be worked out. */
  state: 'known' | 'absent' | 'unknown';
  value?: T;
  /** The expression in the resource block (or module call argument) that gives this field. */
  loc?: Loc;
  /** When the value is exactly one literal written somewhere (tfvars, default, local, inline): where. */
  literal?: Loc;
  trace: TraceStep[];
  /** For unknown: how the string is known to end (`"${eip}/32"` ends with `/32`). */
  suffix?: string;
  /** For unknown: what it depends on, e.g. `var.admin_cidr`, `alicloud_vpc.main.cidr_block`. */
  deps?: string[];
  /**
   * Where the value sits in a structured document, as a path (`$.resource_changes[3].change.after.cidr_ip`,
   * `Resources.Web.Properties.SecurityGroupIngress[0].SourceCidrIp`): SARIF's logical location.
   */
  docPath?: string;
}

/** The input language a candidate was read from: it names the fields in messages, hovers and fixes. */
export type SourceLanguage = 'terraform' | 'ros';

/**
 * A rule block that creates no instance where it is evaluated (`count = 0`, an empty `for_each`):
 * nothing to check, but worth saying so where the user looks (hover).
 */
export interface EmptyRuleBlock {
  /** The Terraform address without an instance key. */
  address: string;
  block: Loc;
  /** The `count` or `for_each` expression. */
  meta: Loc;
  metaName: 'count' | 'for_each';
}

export interface ModuleCallFrame {
  /** `admin` in `module "admin"`. */
  name: string;
  /** The module block at the call site. */
  call: Loc;
  source: string;
}

export interface RuleCandidate {
  /** Terraform address: `alicloud_security_group_rule.r[1]`, `module.admin.alicloud_security_group_rule.ssh`, `module.web_sg`. */
  address: string;
  kind: 'resource' | 'registry-module';
  /** The resource block (or, for registry modules, the module block) where it is declared. */
  block: Loc;
  /** Local module calls from the root down to the module that declares this resource (empty at root). */
  modulePath: ModuleCallFrame[];
  /**
   * What identifies the security group, to group rules for shadowing: the evaluated
   * `security_group_id` when known, else the expression's source text (e.g. `alicloud_security_group.default.id`),
   * prefixed with the module path.
   */
  groupKey: string;
  direction: FieldValue<string>;
  policy: FieldValue<string>;
  protocol: FieldValue<string>;
  portRange: FieldValue<string>;
  sourceCidr: FieldValue<string>;
  sourceIpv6Cidr: FieldValue<string>;
  sourceGroupId: FieldValue<string>;
  prefixListId: FieldValue<string>;
  priority: FieldValue<number>;
  /**
   * For a resource whose instances cannot be known (count/for_each unknown): true, and the fields
   * are evaluated with `count.index` / `each.*` unknown.
   */
  instancesUnknown?: boolean;
  /** What the unknown count/for_each depends on. */
  instancesDeps?: string[];
  /** Absent means Terraform (source or plan). */
  language?: SourceLanguage;
  /**
   * A block enclosing `block` whose leading comment also suppresses (a ROS resource around one of
   * its `SecurityGroupIngress` items).
   */
  enclosing?: Loc;
  /** Where the rule sits in a structured document (see FieldValue.docPath). */
  docPath?: string;
}

/** Inputs for a module evaluation (variable precedence as Terraform applies it). */
export interface VariableInputs {
  /** `TF_VAR_name` values from the environment (raw strings, parsed as Terraform does). */
  env?: Record<string, string>;
  /** `--var-file` paths in order (later wins), absolute. */
  varFiles?: string[];
  /**
   * The var files were named by the person running the lint (`--var-file`), so they may lie
   * outside the project; the editor's come from workspace settings and stay inside it.
   */
  varFilesAnywhere?: boolean;
  /**
   * `--var k=v` in order (later wins). `afterVarFiles`: how many `--var-file`s came before it on the
   * command line (Terraform applies both in the order given); absent, it is applied after all of them.
   */
  vars?: { name: string; value: string; afterVarFiles?: number }[];
  /** The selected workspace (`TF_WORKSPACE`); else `.terraform/environment`, else "default". */
  workspace?: string;
}
