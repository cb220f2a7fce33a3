/** The Function Compute half of the guardrail API: the remediation function, deployed from its zip. */
import { Readable } from 'node:stream';
import { CloudError } from '../../../../../remediation-fn/src/public';
import type { CloudSession } from '../api/session';
import type { ActualFunction, FunctionSpec, GuardrailApi } from './api-types';
import { orUndefined, type AccountRef, type Retry } from './api-calls';
import { obj, str, type Wire } from '../../../../../remediation-fn/src/public';

export type FcCalls = Pick<
  GuardrailApi,
  'getFunction' | 'createFunction' | 'updateFunction' | 'deleteFunction' | 'invokeFunction'
>;

function fnFrom(body: Wire): ActualFunction {
  return {
    name: str(body.functionName),
    arn: str(body.functionArn),
    description: str(body.description),
    runtime: str(body.runtime),
    handler: str(body.handler),
    role: str(body.role),
    memorySize: Number(body.memorySize ?? 0),
    timeout: Number(body.timeout ?? 0),
    env: Object.fromEntries(
      Object.entries(obj(body.environmentVariables)).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : JSON.stringify(v),
      ]),
    ),
  };
}

/** What create and update both send: everything but the name (create only) and the code. */
function settingsOf(spec: FunctionSpec) {
  return {
    description: spec.description,
    runtime: spec.runtime,
    handler: spec.handler,
    role: spec.role,
    memorySize: spec.memorySize,
    timeout: spec.timeout,
    environmentVariables: spec.env,
  };
}

/** FC's endpoint and ARNs need the account id: the RAM calls learn it first when the settings lack it. */
export function fcCalls(session: CloudSession, retry: Retry, account: AccountRef): FcCalls {
  const fc = async (region: string) => {
    if (!account.id)
      throw new CloudError({ code: 'AccountIdUnknown', message: 'the account id is not known yet' });
    return { sdk: await session.fcSdk(), client: await session.fc(region, account.id) };
  };
  return {
    async getFunction(region, name) {
      const { sdk, client } = await fc(region);
      const res = await orUndefined(retry(() => client.getFunction(name, new sdk.GetFunctionRequest({}))));
      return res?.body ? fnFrom(obj(res.body.toMap())) : undefined;
    },
    async createFunction(region, spec, zip) {
      const { sdk, client } = await fc(region);
      const res = await retry(() =>
        client.createFunction(
          new sdk.CreateFunctionRequest({
            body: new sdk.CreateFunctionInput({
              functionName: spec.name,
              ...settingsOf(spec),
              code: new sdk.InputCodeLocation({ zipFile: zip.toString('base64') }),
            }),
          }),
        ),
      );
      return fnFrom(obj(res.body?.toMap()));
    },
    async updateFunction(region, spec, zip) {
      const { sdk, client } = await fc(region);
      const res = await retry(() =>
        client.updateFunction(
          spec.name,
          new sdk.UpdateFunctionRequest({
            body: new sdk.UpdateFunctionInput({
              ...settingsOf(spec),
              ...(zip ? { code: new sdk.InputCodeLocation({ zipFile: zip.toString('base64') }) } : {}),
            }),
          }),
        ),
      );
      return fnFrom(obj(res.body?.toMap()));
    },
    async deleteFunction(region, name) {
      const { client } = await fc(region);
      await orUndefined(retry(() => client.deleteFunction(name)));
    },
    async invokeFunction(region, name, payload) {
      const { sdk, client } = await fc(region);
      // Not retried: a remediation that ran halfway must not run twice unasked.
      const res = await client.invokeFunctionWithOptions(
        name,
        new sdk.InvokeFunctionRequest({ body: Readable.from([payload]) }),
        new sdk.InvokeFunctionHeaders({ xFcInvocationType: 'Sync' }),
        new (await import('@darabonba/typescript')).RuntimeOptions({}),
      );
      const chunks: Buffer[] = [];
      for await (const c of res.body ?? []) chunks.push(Buffer.from(c as Uint8Array));
      const errorType = res.headers?.['x-fc-error-type'];
      return {
        ok: !errorType,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(errorType ? { errorType } : {}),
      };
    },
  };
}
