/**
 * Issue 12, mismatches 3 and 4: where each product's API is. One override used to go to ECS, RAM, FC
 * and Config alike (and into the function's environment), and Config was always the China site's.
 * Now each product has its public endpoint by region and site — checked against the vendor's own
 * SDKs where they resolve one — with per-product overrides, and a single address for everything only
 * in sandbox mode (loopback).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ecs from '@alicloud/ecs20140526';
import Fc from '@alicloud/fc20230330';
import Ram from '@alicloud/ram20150501';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { CloudSession, probeConfigSite, type CloudTarget } from '../../client/src/cloud/core/api/session';
import { desiredState } from '../../client/src/cloud/core/deploy/desired';
import { DEFAULT_SETTINGS } from '../../client/src/cloud/core/deploy/settings';
import {
  CONFIG_SITES,
  defaultEndpoint,
  ECS_ENDPOINT_EXCEPTIONS,
  ENV,
  expandEndpoint,
  isLoopback,
  rpcConnection,
  type RpcConnection,
  type Site,
} from '../../remediation-fn/src/public';
import { readSettings } from '../../remediation-fn/src/settings';
import { sandboxSession } from './helpers';

const PUBLIC_REGIONS = [
  'cn-hangzhou',
  'cn-shanghai',
  'cn-beijing',
  'cn-shenzhen',
  'cn-hongkong',
  'ap-southeast-1',
  'eu-central-1',
  'us-west-1',
  'me-east-1',
];
const sdkEndpoint = (Client: new (c: $OpenApiUtil.Config) => unknown, regionId: string): string =>
  (
    new Client(new $OpenApiUtil.Config({ regionId, accessKeyId: 'a', accessKeySecret: 'b' })) as {
      _endpoint: string;
    }
  )._endpoint;
const source = {
  kind: 'static' as const,
  label: 't',
  credentials: { accessKeyId: 'a', accessKeySecret: 'b' },
};

describe('public endpoints by product, region and site', () => {
  it('ECS: the SDK’s own resolution for every region it names and for the public ones', () => {
    for (const region of [...Object.keys(ECS_ENDPOINT_EXCEPTIONS), ...PUBLIC_REGIONS])
      assert.equal(defaultEndpoint('ecs', { region, site: 'china' }), sdkEndpoint(Ecs, region), region);
  });

  it('RAM: central, as the SDK resolves it', () => {
    assert.equal(
      defaultEndpoint('ram', { region: 'eu-central-1', site: 'international' }),
      sdkEndpoint(Ram, 'eu-central-1'),
    );
  });

  it('FC 3.0: <account>.<region>.fc.aliyuncs.com (the SDK alone gives an endpoint that serves nobody)', () => {
    assert.equal(sdkEndpoint(Fc, 'cn-hangzhou'), 'fc.aliyuncs.com');
    assert.equal(
      defaultEndpoint('fc', { region: 'cn-hangzhou', site: 'china', accountId: '123' }),
      '123.cn-hangzhou.fc.aliyuncs.com',
    );
    assert.throws(() => defaultEndpoint('fc', { region: 'cn-hangzhou', site: 'china' }), /account id/);
  });

  it('Config: one region per site — cn-shanghai for China-site accounts, ap-southeast-1 for international ones', () => {
    assert.equal(
      defaultEndpoint('config', { region: 'eu-central-1', site: 'china' }),
      'config.cn-shanghai.aliyuncs.com',
    );
    assert.equal(
      defaultEndpoint('config', { region: 'cn-hangzhou', site: 'international' }),
      'config.ap-southeast-1.aliyuncs.com',
    );
  });

  it('overrides fill in {region} and {accountId}; the one loopback check', () => {
    assert.equal(
      expandEndpoint('ecs-vpc.{region}.aliyuncs.com', { region: 'cn-beijing' }),
      'ecs-vpc.cn-beijing.aliyuncs.com',
    );
    assert.equal(
      expandEndpoint('{accountId}.{region}.fc.aliyuncs.com', { region: 'cn-beijing', accountId: '7' }),
      '7.cn-beijing.fc.aliyuncs.com',
    );
    assert.throws(() => expandEndpoint('https://ecs.aliyuncs.com', { region: 'x' }), /host\[:port\]/);
    for (const yes of ['127.0.0.1:8080', 'localhost', '[::1]:9', '::1', '127.1.2.3'])
      assert.ok(isLoopback(yes), yes);
    for (const no of [
      '10.0.0.1:80',
      'ecs.aliyuncs.com',
      '[2001:db8::1]:80',
      'localhost.evil.com',
      '128.0.0.1',
    ])
      assert.ok(!isLoopback(no), no);
  });
});

describe('the session sends each product to its own endpoint', () => {
  it('a single address for every product only in sandbox mode, and only on loopback', () => {
    assert.throws(() => new CloudSession({ source, sandbox: 'ecs.aliyuncs.com' }), /loopback/);
    assert.doesNotThrow(() => new CloudSession({ source, sandbox: '127.0.0.1:9' }));
  });

  it('per-product overrides apply to their product only; the rest stay public, per region', async () => {
    const s = new CloudSession({
      source,
      accountId: '42',
      site: 'china',
      endpoints: { ecs: 'ecs-vpc.{region}.aliyuncs.com' },
    });
    assert.equal(await s.endpoint('ecs', 'cn-beijing'), 'ecs-vpc.cn-beijing.aliyuncs.com');
    assert.equal(await s.endpoint('ram', 'cn-beijing'), 'ram.aliyuncs.com');
    assert.equal(await s.endpoint('fc', 'cn-beijing'), '42.cn-beijing.fc.aliyuncs.com');
    assert.equal(await s.endpoint('config', 'cn-beijing'), 'config.cn-shanghai.aliyuncs.com');
  });

  it('an international-site account reaches Config at ap-southeast-1: the tree, re-evaluation and the deployed functions', async () => {
    const s = new CloudSession({ source, site: 'international' });
    assert.equal(await s.endpoint('config', 'cn-hangzhou'), CONFIG_SITES.international.endpoint);
    const fns = await s.functionEndpoints();
    assert.deepEqual(fns, { configEndpoint: 'config.ap-southeast-1.aliyuncs.com' });
    const d = desiredState({ ...DEFAULT_SETTINGS }, Buffer.from('zip'), fns);
    for (const env of [d.fn.env, d.evaluator!.fn.env]) {
      assert.equal(env[ENV.configEndpoint], 'config.ap-southeast-1.aliyuncs.com');
      assert.equal(env[ENV.ecsEndpoint], undefined, 'the function finds each region’s ECS itself');
      assert.equal(env[ENV.protocol], undefined);
    }
    // The function signs its Config calls for that site's region.
    assert.equal(readSettings(d.fn.env).configEndpoint, 'config.ap-southeast-1.aliyuncs.com');
  });

  it('site "auto" finds the site by asking Config on both (here the China one refuses the keys)', async () => {
    const { sb } = await sandboxSession({ seed: 'empty' });
    try {
      class Probed extends CloudSession {
        override configRpc(site?: Site): Promise<RpcConnection> {
          // The China site does not know these keys; the international one (the sandbox) does.
          const keys =
            site === 'china'
              ? { accessKeyId: 'LTAI-unknown', accessKeySecret: 'x' }
              : { accessKeyId: sb.accessKeyId, accessKeySecret: sb.accessKeySecret };
          return rpcConnection(keys, { regionId: 'ap-southeast-1', endpoint: sb.endpoint, protocol: 'HTTP' });
        }
      }
      const target: CloudTarget = { source, site: 'auto' };
      assert.equal(await probeConfigSite(new Probed(target)), 'international');
      assert.equal(await new Probed(target).accountSite(), 'international');
    } finally {
      await sb.close();
    }
  });

  it('the function takes a {region} ECS override and keeps the env contract', () => {
    const s = readSettings({ [ENV.ecsEndpoint]: 'ecs-vpc.{region}.aliyuncs.com' });
    assert.equal(expandEndpoint(s.ecsEndpoint!, { region: 'cn-qingdao' }), 'ecs-vpc.cn-qingdao.aliyuncs.com');
    assert.throws(() => readSettings({ [ENV.ecsEndpoint]: 'https://x' }), /host\[:port\]/);
    assert.throws(
      () => readSettings({ [ENV.ecsEndpoint]: 'ecs.aliyuncs.com', [ENV.protocol]: 'http' }),
      /only allowed towards loopback/,
    );
  });
});
