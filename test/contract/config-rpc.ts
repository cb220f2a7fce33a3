/**
 * Any Cloud Config operation from a test, each parameter placed where the generated SDK client
 * places it (query or form body), as contract/alibaba-cloud.json records: the tests' own Config
 * calls pass the sandbox's strict contract check like the product's.
 */
import contract from '../../contract/alibaba-cloud.json';
import { callRpc, type RpcConnection, type RpcParams } from '../../remediation-fn/src/public';

type Spec = { parameters: Record<string, { in: string }> };
const operations = (contract as unknown as { products: { config: { operations: Record<string, Spec> } } })
  .products.config.operations;

export async function configCall(
  conn: RpcConnection,
  action: string,
  params: RpcParams,
): Promise<Record<string, unknown>> {
  const op = operations[action];
  if (!op) throw new Error(`${action} is not in the Config contract`);
  const query: RpcParams = {};
  const body: RpcParams = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    (op.parameters[k]?.in === 'body' ? body : query)[k] = v;
  }
  return callRpc(conn, '2020-09-07', action, { query, body });
}
