/** Function Compute 3.0 (ROA under /2023-03-30): functions and synchronous/asynchronous invocation. */
import { createHash, randomUUID } from 'node:crypto';
import type { ActionSpec, Call, RawResult } from '../http/call';
import { isoNow } from '../ids';
import { roleByArn } from '../ram/store';
import { trusts } from '../ram/policy';
import type { FcFunction } from '../state';
import { functionNameProblem } from '../names';
import { checkZip, CodeError } from './code';
import { fcErrors } from './errors';

const NODE_RUNTIMES = ['nodejs12', 'nodejs14', 'nodejs16', 'nodejs18', 'nodejs20', 'nodejs22'];

interface FunctionInput {
  functionName?: string;
  description?: string;
  runtime?: string;
  handler?: string;
  role?: string;
  memorySize?: number;
  timeout?: number;
  environmentVariables?: Record<string, string>;
  code?: { zipFile?: string; ossBucketName?: string; ossObjectName?: string };
  disableInjectCredentials?: string;
}

function jsonBody(call: Call): FunctionInput {
  try {
    const parsed: unknown = JSON.parse(call.body.toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    return parsed;
  } catch {
    throw fcErrors.invalidArgument('The request body is not a JSON object.');
  }
}

/** The function's region: FC has no RegionId parameter, the sandbox serves one FC "region". */
export const fcRegion = (call: Call): string => call.sb.state.regions[0] ?? 'cn-hangzhou';

export function functionArn(call: Call, name: string): string {
  return `acs:fc:${fcRegion(call)}:${call.sb.state.accountId}:functions/${name}`;
}

function getFn(call: Call): FcFunction {
  const name = call.pathParams.functionName ?? '';
  const fn = call.sb.state.fc.functions[name];
  if (!fn) throw fcErrors.functionNotFound(name);
  return fn;
}

function checkRole(call: Call, role: string | undefined): void {
  if (role === undefined || role === '') return;
  const r = roleByArn(call.sb.state, role);
  if (!r) throw fcErrors.invalidArgument(`role '${role}' does not exist`);
  if (!trusts(r.AssumeRolePolicyDocument, 'fc.aliyuncs.com')) {
    throw fcErrors.roleNotTrusted(role);
  }
}

function applyCode(fn: FcFunction, code: FunctionInput['code']): void {
  if (!code) return;
  if (code.zipFile === undefined) {
    throw fcErrors.invalidArgument(
      'the sandbox only takes code.zipFile (OSS code locations are not supported)',
    );
  }
  const bytes = Buffer.from(code.zipFile, 'base64');
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw fcErrors.invalidArgument('code.zipFile is not a zip file');
  try {
    checkZip(bytes);
  } catch (e) {
    if (e instanceof CodeError) throw fcErrors.invalidArgument(`code.zipFile: ${e.message}`);
    throw e;
  }
  fn.zipFile = code.zipFile;
  fn.codeSize = bytes.length;
  fn.codeChecksum = createHash('sha256').update(bytes).digest('hex');
}

function validate(fn: FcFunction): void {
  if (!NODE_RUNTIMES.includes(fn.runtime)) {
    throw fcErrors.invalidArgument(
      `runtime '${fn.runtime}' is not supported by the sandbox (Node.js runtimes only)`,
    );
  }
  if (!/^[^.]+(\/[^.]+)*\.[A-Za-z_$][\w$]*$/.test(fn.handler))
    throw fcErrors.invalidArgument(`handler '${fn.handler}' is not valid`);
  if (fn.timeout < 1 || fn.timeout > 86400) throw fcErrors.invalidArgument('timeout must be within 1..86400');
  if (fn.zipFile === '') throw fcErrors.invalidArgument('code is required');
}

export function functionView(fn: FcFunction): Record<string, unknown> {
  const { zipFile: _zip, ...rest } = fn;
  return {
    ...rest,
    state: 'Active',
    lastUpdateStatus: 'Successful',
    cpu: Math.max(0.05, fn.memorySize / 1024),
    diskSize: 512,
    instanceConcurrency: 1,
    internetAccess: true,
  };
}

function createFunction(call: Call) {
  const st = call.sb.state;
  const input = jsonBody(call);
  const name = input.functionName ?? '';
  if (functionNameProblem(name)) throw fcErrors.invalidArgument(`functionName '${name}' is not valid`);
  if (st.fc.functions[name]) throw fcErrors.functionExists(name);
  checkRole(call, input.role);
  const now = isoNow();
  const fn: FcFunction = {
    functionName: name,
    functionId: randomUUID(),
    functionArn: functionArn(call, name),
    description: input.description ?? '',
    runtime: input.runtime ?? '',
    handler: input.handler ?? '',
    role: input.role ?? '',
    memorySize: input.memorySize ?? 128,
    timeout: input.timeout ?? 3,
    environmentVariables: input.environmentVariables ?? {},
    zipFile: '',
    codeSize: 0,
    codeChecksum: '',
    createdTime: now,
    lastModifiedTime: now,
  };
  if (input.disableInjectCredentials !== undefined)
    fn.disableInjectCredentials = input.disableInjectCredentials;
  applyCode(fn, input.code);
  validate(fn);
  st.fc.functions[name] = fn;
  return functionView(fn);
}

function updateFunction(call: Call) {
  const fn = getFn(call);
  const input = jsonBody(call);
  if (input.role !== undefined) checkRole(call, input.role);
  const next: FcFunction = { ...fn, environmentVariables: { ...fn.environmentVariables } };
  if (input.description !== undefined) next.description = input.description;
  if (input.runtime !== undefined) next.runtime = input.runtime;
  if (input.handler !== undefined) next.handler = input.handler;
  if (input.role !== undefined) next.role = input.role;
  if (input.memorySize !== undefined) next.memorySize = input.memorySize;
  if (input.timeout !== undefined) next.timeout = input.timeout;
  if (input.environmentVariables !== undefined) next.environmentVariables = input.environmentVariables;
  if (input.disableInjectCredentials !== undefined)
    next.disableInjectCredentials = input.disableInjectCredentials;
  applyCode(next, input.code);
  validate(next);
  next.lastModifiedTime = isoNow();
  call.sb.state.fc.functions[fn.functionName] = next;
  return functionView(next);
}

function deleteFunction(call: Call): RawResult {
  const fn = getFn(call);
  delete call.sb.state.fc.functions[fn.functionName];
  return { raw: true, status: 204, headers: { 'x-fc-request-id': call.requestId }, body: Buffer.alloc(0) };
}

function listFunctions(call: Call) {
  const prefix = call.params.str('prefix') ?? '';
  const limit = call.params.int('limit', { min: 1, max: 100, def: 20 })!;
  const after = call.params.str('nextToken');
  const all = Object.values(call.sb.state.fc.functions)
    .filter((f) => f.functionName.startsWith(prefix))
    .sort((a, b) => (a.functionName < b.functionName ? -1 : 1))
    .filter((f) => after === undefined || f.functionName > after);
  const items = all.slice(0, limit);
  const more = all.length > limit;
  return { functions: items.map(functionView), nextToken: more ? items[items.length - 1]!.functionName : '' };
}

async function invokeFunction(call: Call): Promise<RawResult> {
  const fn = getFn(call);
  const type = String(call.headers['x-fc-invocation-type'] ?? 'Sync');
  const headers: Record<string, string> = {
    'x-fc-request-id': call.requestId,
    'content-type': 'application/octet-stream',
  };
  if (type.toLowerCase() === 'async') {
    call.sb.track(call.sb.invokeFunction(fn.functionName, call.body, call.requestId).then(() => undefined));
    return { raw: true, status: 202, headers, body: Buffer.alloc(0) };
  }
  const outcome = await call.sb.invokeFunction(fn.functionName, call.body, call.requestId);
  if (call.headers['x-fc-log-type'] === 'Tail')
    headers['x-fc-log-result'] = Buffer.from(outcome.logs.slice(-4096)).toString('base64');
  if (outcome.ok) return { raw: true, status: 200, headers, body: outcome.body };
  // (unverified) FC 3.0 answers a handler error with 200, an x-fc-error-type header and this body.
  headers['x-fc-error-type'] = outcome.timedOut ? 'FunctionTimeoutError' : 'UnhandledInvocationError';
  headers['content-type'] = 'application/json';
  const body = {
    errorMessage: outcome.errorMessage,
    errorType: outcome.errorType,
    stackTrace: outcome.stackTrace,
  };
  return { raw: true, status: 200, headers, body: Buffer.from(JSON.stringify(body)) };
}

const fnArn = (call: Call) => functionArn(call, call.pathParams.functionName ?? '*');

export const fcActions: Record<string, ActionSpec> = {
  CreateFunction: { handler: createFunction, resource: (call) => functionArn(call, '*') },
  ListFunctions: { handler: listFunctions, resource: (call) => functionArn(call, '*') },
  GetFunction: { handler: (call) => functionView(getFn(call)), resource: fnArn },
  UpdateFunction: { handler: updateFunction, resource: fnArn },
  DeleteFunction: { handler: deleteFunction, resource: fnArn },
  InvokeFunction: { handler: invokeFunction, resource: fnArn },
};

/** Method + path → action, for the ROA router. */
export function routeFc(
  method: string,
  path: string,
): { action: string; pathParams: Record<string, string> } | undefined {
  const m = /^\/2023-03-30\/functions(?:\/([^/]+)(\/invocations)?)?\/?$/.exec(path);
  if (!m) return undefined;
  const name = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
  const pathParams: Record<string, string> = name === undefined ? {} : { functionName: name };
  const action = !name
    ? { POST: 'CreateFunction', GET: 'ListFunctions' }[method]
    : m[2]
      ? { POST: 'InvokeFunction' }[method]
      : { GET: 'GetFunction', PUT: 'UpdateFunction', DELETE: 'DeleteFunction' }[method];
  return action ? { action, pathParams } : undefined;
}
