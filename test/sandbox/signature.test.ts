// The sandbox's ACS3-HMAC-SHA256 verification, judged against the official SDK's own signer
// (@alicloud/openapi-core Utils.getAuthorization, what every SDK client calls): every request the SDK
// signs is accepted, and any change to what it signed is refused.
import OpenApiUtils from '@alicloud/openapi-core/dist/utils';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  canonicalQuery,
  decodeQuery,
  parseAuthorization,
  percentEncode,
  signRequest,
  stringToSign,
  verifySignature,
  type IncomingSigned,
} from '../../sandbox/src/http/signature';
import type { ApiError } from '../../sandbox/src/http/errors';

const AK = 'LTAI-test';
const SECRET = 'test-secret';
const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

interface Signed {
  req: IncomingSigned;
  auth: ReturnType<typeof parseAuthorization>;
}

/**
 * Signs as the SDK does: the payload hash goes in x-acs-content-sha256 and at the end of the canonical
 * request; host, content-type and every x-acs-* header are signed. `declared` overrides the header.
 */
function sdkSigned(opts: {
  method?: string;
  pathname?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer;
  declared?: string;
  payloadHash?: string;
}): Signed {
  const body = opts.body ?? Buffer.alloc(0);
  const headers: Record<string, string> = {
    host: 'ecs.cn-hangzhou.aliyuncs.com',
    'x-acs-action': 'DescribeRegions',
    'x-acs-version': '2014-05-26',
    'x-acs-date': '2026-01-02T03:04:05Z',
    'x-acs-signature-nonce': 'nonce-1',
    'x-acs-content-sha256': opts.declared ?? sha(body),
    ...opts.headers,
  };
  const request = {
    method: opts.method ?? 'POST',
    pathname: opts.pathname ?? '/',
    query: opts.query ?? {},
    headers,
  };
  const authorization = OpenApiUtils.getAuthorization(
    request as unknown as Parameters<typeof OpenApiUtils.getAuthorization>[0],
    'ACS3-HMAC-SHA256',
    opts.payloadHash ?? headers['x-acs-content-sha256']!,
    AK,
    SECRET,
  );
  const search = Object.entries(request.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  const req: IncomingSigned = {
    method: request.method,
    url: search ? `${request.pathname}?${search}` : request.pathname,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    body,
  };
  return { req, auth: parseAuthorization(authorization) };
}

function refusal(fn: () => void): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  assert.fail('the request was accepted');
}

const cases: [string, Parameters<typeof sdkSigned>[0]][] = [
  ['an empty POST', {}],
  ['a form body', { body: Buffer.from('RegionId=cn-hangzhou&MaxResults=5') }],
  ['a query with reserved characters', { query: { Name: "it's (a) b*c!", Empty: '', Ünï: 'ä ö/~' } }],
  ['an empty path', { pathname: '', query: { A: '1' } }],
  ['a ROA path with +, * and %7E', { method: 'GET', pathname: '/2023-03-30/functions/a+b*c%7Ed/code' }],
  [
    'mixed-case header names and padded values',
    { headers: { 'Content-Type': 'application/json', 'X-Acs-Security-Token': '  tok  ' } },
  ],
];

void describe('ACS3-HMAC-SHA256 verification against the SDK signer', () => {
  for (const [name, opts] of cases) {
    void it(`accepts ${name} as the SDK signs it, and refuses it once anything signed changes`, () => {
      const { req, auth } = sdkSigned(opts);
      verifySignature(req, auth, SECRET);
      const changed: [string, IncomingSigned][] = [
        ['method', { ...req, method: req.method === 'GET' ? 'POST' : 'GET' }],
        ['path', { ...req, url: req.url.replace(/^[^?]*/, (p) => `${p}x`) }],
        ['query', { ...req, url: `${req.url}${req.url.includes('?') ? '&' : '?'}Extra=1` }],
        ['header', { ...req, headers: { ...req.headers, 'x-acs-action': 'DeleteSecurityGroup' } }],
        ['body', { ...req, body: Buffer.concat([req.body ?? Buffer.alloc(0), Buffer.from('x')]) }],
      ];
      for (const [what, altered] of changed) {
        assert.equal(
          refusal(() => verifySignature(altered, auth, SECRET)).code,
          'SignatureDoesNotMatch',
          what,
        );
      }
      assert.equal(refusal(() => verifySignature(req, auth, 'other-secret')).code, 'SignatureDoesNotMatch');
    });
  }

  void it('refuses a body whose declared x-acs-content-sha256 is not its hash, however it was signed', () => {
    const body = Buffer.from('RegionId=cn-hangzhou');
    const declared = sha('RegionId=cn-shanghai');
    // Signed over the declared hash (as the SDK would for that header) and over the body's real hash:
    // the body does not match what the client declared, so neither may pass.
    for (const payloadHash of [declared, sha(body)]) {
      const { req, auth } = sdkSigned({ body, declared, payloadHash });
      const err = refusal(() => verifySignature(req, auth, SECRET));
      assert.equal(err.code, 'SignatureDoesNotMatch');
      assert.equal(err.status, 400);
    }
  });

  void it('refuses a signature of another length or case without comparing past it', () => {
    const { req, auth } = sdkSigned({});
    assert.equal(
      refusal(() => verifySignature(req, { ...auth, signature: auth.signature.slice(1) }, SECRET)).code,
      'SignatureDoesNotMatch',
    );
    assert.equal(
      refusal(() => verifySignature(req, { ...auth, signature: auth.signature.toUpperCase() }, SECRET)).code,
      'SignatureDoesNotMatch',
    );
  });

  void it('the mismatch error carries the server string to sign, as the gateway does', () => {
    const { req, auth } = sdkSigned({});
    const err = refusal(() => verifySignature(req, auth, 'other-secret'));
    assert.ok(err.message.endsWith(stringToSign(req, auth.signedHeaders)), err.message);
    assert.match(err.message, /^Specified signature is not matched with our calculation/);
  });

  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    void it(`refuses a request that does not sign ${required} (IncompleteSignature)`, () => {
      const { req, auth } = sdkSigned({});
      const err = refusal(() =>
        verifySignature(
          req,
          { ...auth, signedHeaders: auth.signedHeaders.filter((h) => h !== required) },
          SECRET,
        ),
      );
      assert.equal(err.code, 'IncompleteSignature');
      assert.match(err.message, new RegExp(`Header "${required}" must be signed`));
    });
  }

  void it('builds the canonical request of the ACS3 spec, byte for byte', () => {
    // Written out by hand: METHOD, URI, sorted encoded query, sorted lower-case headers (an absent
    // signed header is empty, a repeated one joined with ","), the signed names, the body's hash.
    const req: IncomingSigned = {
      method: 'post',
      url: '/a+b*%7E?z=1&a=x%20y',
      headers: { host: ' h ', 'x-acs-multi': ['1', '2'], 'x-acs-date': 'd' },
      body: Buffer.from('body'),
    };
    const canonical = [
      'POST',
      '/a%20b%2A~',
      'a=x%20y&z=1',
      'host:h\nx-acs-absent:\nx-acs-date:d\nx-acs-multi:1,2\n',
      'host;x-acs-absent;x-acs-date;x-acs-multi',
      sha('body'),
    ].join('\n');
    assert.equal(
      stringToSign(req, ['x-acs-multi', 'X-Acs-Date', 'x-acs-absent', 'host']),
      `ACS3-HMAC-SHA256\n${sha(canonical)}`,
    );
  });

  void it('accepts SignedHeaders listed in any order (the canonical headers are sorted)', () => {
    // The SDK always lists them sorted; how the real gateway treats another order is unverified.
    const { req, auth } = sdkSigned({});
    verifySignature(req, { ...auth, signedHeaders: [...auth.signedHeaders].reverse() }, SECRET);
  });

  void it('accepts signed header names in any case', () => {
    const { req, auth } = sdkSigned({});
    verifySignature(req, { ...auth, signedHeaders: auth.signedHeaders.map((h) => h.toUpperCase()) }, SECRET);
  });

  void it('signRequest signs exactly as the SDK does', () => {
    const body = Buffer.from('{"a":1}');
    const headers = {
      host: 'fc.cn-hangzhou.aliyuncs.com',
      'Content-Type': 'application/json',
      'x-acs-date': '2026-01-02T03:04:05Z',
      'x-acs-signature-nonce': 'n-2',
      'x-other': 'not signed',
    };
    const url = '/2023-03-30/functions/f/invocations?qualifier=LATEST&b=x%20y';
    const signed = signRequest('POST', url, headers, body, AK, SECRET);
    assert.equal(signed['x-acs-content-sha256'], sha(body));
    const sdk = OpenApiUtils.getAuthorization(
      {
        method: 'POST',
        pathname: '/2023-03-30/functions/f/invocations',
        query: { qualifier: 'LATEST', b: 'x y' },
        headers: { ...headers, 'x-acs-content-sha256': sha(body) },
      } as unknown as Parameters<typeof OpenApiUtils.getAuthorization>[0],
      'ACS3-HMAC-SHA256',
      sha(body),
      AK,
      SECRET,
    );
    assert.equal(signed.authorization, sdk);
    verifySignature(
      { method: 'POST', url, headers: signed, body },
      parseAuthorization(signed.authorization),
      SECRET,
    );
  });
});

void describe('Authorization header', () => {
  void it('reads Credential, SignedHeaders and Signature in any order, with spaces around them', () => {
    assert.deepEqual(
      parseAuthorization('ACS3-HMAC-SHA256 Signature = abc , SignedHeaders=host;;x-acs-date,Credential=AK1'),
      { accessKeyId: 'AK1', signedHeaders: ['host', 'x-acs-date'], signature: 'abc' },
    );
  });

  const bad: [string, string | undefined, string, RegExp][] = [
    ['missing', undefined, 'IncompleteSignature', /Authorization header is missing/],
    ['empty', '', 'IncompleteSignature', /Authorization header is missing/],
    [
      'another algorithm',
      'ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=s',
      'IncompleteSignature',
      /Unsupported signature algorithm "ACS3-HMAC-SM3"/,
    ],
    [
      'the algorithm alone',
      'ACS3-HMAC-SHA256',
      'IncompleteSignature',
      /needs Credential, SignedHeaders and Signature/,
    ],
    [
      'no Credential',
      'ACS3-HMAC-SHA256 SignedHeaders=host,Signature=s',
      'IncompleteSignature',
      /needs Credential/,
    ],
    [
      'no SignedHeaders',
      'ACS3-HMAC-SHA256 Credential=a,Signature=s',
      'IncompleteSignature',
      /needs Credential/,
    ],
    [
      'an empty Signature',
      'ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=',
      'IncompleteSignature',
      /needs Credential/,
    ],
    [
      'a field without a name',
      'ACS3-HMAC-SHA256 =a,SignedHeaders=host,Signature=s',
      'IncompleteSignature',
      /needs Credential/,
    ],
  ];
  for (const [name, value, code, message] of bad) {
    void it(`refuses ${name}`, () => {
      const err = refusal(() => parseAuthorization(value));
      assert.equal(err.code, code);
      assert.equal(err.status, 400);
      assert.match(err.message, message);
    });
  }

  void it('reads the algorithm up to the first space only', () => {
    const err = refusal(() =>
      parseAuthorization(' ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=s'),
    );
    assert.match(err.message, /Unsupported signature algorithm ""/);
  });

  void it('ignores parts without "=" (they never stand for a field)', () => {
    assert.deepEqual(
      parseAuthorization('ACS3-HMAC-SHA256 Credential=a,SignedHeaders=host,Signature=s,Signatures'),
      { accessKeyId: 'a', signedHeaders: ['host'], signature: 's' },
    );
  });

  void it('keeps an empty SignedHeaders as no headers (then refused for what it does not sign)', () => {
    assert.deepEqual(
      parseAuthorization('ACS3-HMAC-SHA256 Credential=a,SignedHeaders=,Signature=s').signedHeaders,
      [],
    );
  });
});

void describe('canonical query', () => {
  void it('decodes pairs (+ is a space, a bad escape stays as written, a repeated key keeps its last value)', () => {
    assert.deepEqual(
      [...decodeQuery('b=2&&a=x+y%21&flag&c=%zz&b=3&d=')],
      [
        ['b', '3'],
        ['a', 'x y!'],
        ['flag', ''],
        ['c', '%zz'],
        ['d', ''],
      ],
    );
    assert.deepEqual(
      [...decodeQuery('=v&k')],
      [
        ['', 'v'],
        ['k', ''],
      ],
    );
    assert.equal(decodeQuery('').size, 0);
  });

  void it('sorts keys and encodes values as the SDK does', () => {
    assert.equal(
      canonicalQuery(decodeQuery('b=x%20y&a=it%27s%20(1)*!~&c=')),
      'a=it%27s%20%281%29%2A%21~&b=x%20y&c=',
    );
    assert.equal(percentEncode("!'()*~ /"), '%21%27%28%29%2A~%20%2F');
  });
});

void describe('before the body is read', () => {
  void it('the declared x-acs-content-sha256 is what the signature covers', () => {
    const { req, auth } = sdkSigned({ body: Buffer.from('{"a":1}') });
    verifySignature({ ...req, body: undefined }, auth, SECRET);
    const other = {
      ...req,
      body: undefined,
      headers: { ...req.headers, 'x-acs-content-sha256': sha('other') },
    };
    assert.equal(refusal(() => verifySignature(other, auth, SECRET)).code, 'SignatureDoesNotMatch');
  });
});
