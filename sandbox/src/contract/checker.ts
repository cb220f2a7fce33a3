/**
 * The sandbox's contract layer, hooked into the router: each request is checked against the vendor's
 * contract before its handler runs, each JSON answer after, and the parameters a handler reads must
 * exist in the request model. `strict` (what every test uses) turns a violation into an error
 * answer; `report` only records it (`violations`); `off` skips the checks.
 */
import { ApiError } from '../http/errors';
import { Params } from '../http/params';
import { operationSpec, productContract, type ContractProduct } from './data';
import { requestViolations, type RawRequest } from './requests';
import { responseViolations } from './responses';

export type ContractMode = 'strict' | 'report' | 'off';

export interface Violation {
  product: ContractProduct;
  action: string;
  kind: 'request' | 'response' | 'read';
  message: string;
}

/** Params that remember which names a handler asked for (the first segment of `Key.N.Field`). */
export class TrackedParams extends Params {
  readonly read = new Set<string>();

  override str(name: string): string | undefined {
    this.read.add(name.split('.')[0]!);
    return super.str(name);
  }

  override list(prefix: string): string[] {
    this.read.add(prefix.split('.')[0]!);
    return super.list(prefix);
  }

  override objects(prefix: string): Record<string, string>[] {
    this.read.add(prefix.split('.')[0]!);
    return super.objects(prefix);
  }
}

/** Read by the router to route an RPC request, not by a handler. */
const COMMON = new Set(['Action', 'Version']);

export class ContractChecker {
  readonly violations: Violation[] = [];

  constructor(public mode: ContractMode = 'strict') {}

  private record(v: Omit<Violation, 'message'>, messages: string[], status: number): void {
    if (messages.length === 0) return;
    for (const message of messages) this.violations.push({ ...v, message });
    if (this.violations.length > 1000) this.violations.splice(0, this.violations.length - 1000);
    if (this.mode === 'strict') {
      throw new ApiError(
        status,
        v.kind === 'request' ? 'Sandbox.ContractViolation' : 'Sandbox.ContractViolation.Response',
        `${v.product}:${v.action} does not match the vendor's contract (contract/alibaba-cloud.json): ${messages.join('; ')}`,
      );
    }
  }

  /**
   * Before the handler: throws (strict) when the request breaks the contract. A missing required
   * parameter is returned instead, to be raised after the handler: the service's own error for it
   * (MissingRegionId, …) comes first, and a handler that accepted the request is caught after.
   */
  request(product: ContractProduct, action: string, req: RawRequest): string[] {
    if (this.mode === 'off') return [];
    const op = operationSpec(product, action);
    if (!op) {
      this.record({ product, action, kind: 'request' }, [`${action} is not in the contract`], 400);
      return [];
    }
    const all = requestViolations(op, productContract(product), req);
    const missing = all.filter((m) => / is required( by |$)/.test(m));
    this.record(
      { product, action, kind: 'request' },
      all.filter((m) => !missing.includes(m)),
      400,
    );
    return missing;
  }

  /** After the handler: what it read must be request parameters, what it answers must fit the model. */
  response(
    product: ContractProduct,
    action: string,
    params: Params,
    payload: unknown,
    missing: string[] = [],
  ): void {
    if (this.mode === 'off') return;
    this.record({ product, action, kind: 'request' }, missing, 400);
    const op = operationSpec(product, action);
    if (!op) return;
    if (params instanceof TrackedParams) {
      const unknown = [...params.read].filter((n) => !COMMON.has(n) && !op.parameters[n]);
      this.record(
        { product, action, kind: 'read' },
        unknown.map((n) => `the sandbox reads ${n}, which ${op.request} does not have`),
        400,
      );
    }
    this.record(
      { product, action, kind: 'response' },
      responseViolations(op, productContract(product), payload),
      // A sandbox bug, but not a 5xx: the clients' retries would hide the first failure.
      400,
    );
  }
}
