/**
 * The remediation-fn package's public entry: what the extension (client/), the sandbox and the tests
 * may use of it. The function is the smallest bundle that talks to the cloud, so the shared wire
 * layer lives here — errors, the one retry policy, endpoints and the one loopback check, readers of
 * loose answers, openapi-core RPC and the Config client — next to the function's own contract
 * (environment variables, modes, the RAM actions it needs). Nothing else of remediation-fn/src is
 * imported from outside (eslint.config.mjs enforces it).
 */
export * from './cloud/errors';
export * from './cloud/retry';
export * from './cloud/endpoints';
export * from './cloud/wire';
export * from './cloud/rpc';
export * from './cloud/config-client';
export { ENV, MODES, DEFAULT_EXEMPT_TAG, trustedCidrProblem, type Mode } from './settings';
export { ramActionsFor, evaluatorRamActions, CONFIG_ACTIONS, ECS_ACTIONS } from './actions';
export * from './judge';
