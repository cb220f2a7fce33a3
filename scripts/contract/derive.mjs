// Derives contract/alibaba-cloud.json — the vendor's contract for every operation SG Guard calls or
// the sandbox serves — from Alibaba Cloud's generated SDK sources, never from our own reading:
//   ECS, FC 3.0, RAM: the installed packages' sources (node_modules/@alicloud/<pkg>/src);
//   Cloud Config: the public repository aliyun/alibabacloud-typescript-sdk, folder config-20200907/src
//   (its package does not install here), given with --config-src DIR [--config-commit SHA].
// What we add by hand (the fields our code reads, the error codes it branches on with where each was
// checked, paging) comes from contract/annotations.json and is checked against the models here.
//
//   node scripts/contract/derive.mjs [--config-src DIR --config-commit SHA] [--check]
//
// Without --config-src the Config part of the existing file is kept. --check derives and compares
// instead of writing (exit 1 on a difference): the tests run it for the installed packages.
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(root, 'contract', 'alibaba-cloud.json');
const ANNOTATIONS = join(root, 'contract', 'annotations.json');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const INSTALLED = { ecs: '@alicloud/ecs20140526', fc: '@alicloud/fc20230330', ram: '@alicloud/ram20150501' };

/** Every model class of a package's sources: fields by wire name, with type, required, deprecated. */
export function parseModels(srcDir) {
  const models = {};
  const dir = join(srcDir, 'models');
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts') || file === 'model.ts') continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const parts = text.split(/^export class /m).slice(1);
    for (const part of parts) {
      const name = /^(\w+)/.exec(part)[1];
      const docs = {};
      const propRe = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*(\w+)\?:/g;
      for (const m of part.matchAll(propRe)) docs[m[2]] = m[1];
      const names = block(part, 'names');
      const types = block(part, 'types');
      const fields = {};
      for (const [prop, wire] of Object.entries(names)) {
        const doc = docs[prop] ?? '';
        const f = { type: typeOf(types[prop] ?? "'any'") };
        if (/This parameter is required\./.test(doc)) f.required = true;
        if (/@deprecated/.test(doc)) f.deprecated = true;
        fields[wire] = f;
        f.prop = prop;
      }
      models[name] = fields;
    }
  }
  return models;
}

function block(part, fn) {
  const m = new RegExp(`static ${fn}\\(\\): \\{[^}]*\\} \\{\\s*return \\{([\\s\\S]*?)\\n    \\};`).exec(part);
  const out = {};
  if (!m) return out;
  for (const line of m[1].split('\n')) {
    const kv = /^\s*(\w+): (.+?),?\s*$/.exec(line);
    if (kv) out[kv[1]] = fn === 'names' ? kv[2].replace(/^'|'$/g, '') : kv[2];
  }
  return out;
}

/** `'string'` → string; `{ 'type': 'array', 'itemType': X }` → X[]; maps → map; a class → its name. */
function typeOf(t) {
  const s = t.trim();
  const arr = /'type': 'array', 'itemType': ('?)(\w+)\1/.exec(s);
  if (arr) return `${arr[2]}[]`;
  if (/'type': 'map'/.test(s)) return 'map';
  const plain = s.replace(/^'|'$/g, '');
  return plain === 'Readable' ? 'binary' : plain;
}

/** The operations of a generated client.ts: how each is sent and which models it uses. */
export function parseClient(srcDir) {
  const text = readFileSync(join(srcDir, 'client.ts'), 'utf8');
  const ops = {};
  const re = /async (\w+)WithOptions\(([^)]*)\): Promise<\$_model\.(\w+)Response> \{([\s\S]*?)\n {2}\}\n/g;
  for (const m of text.matchAll(re)) {
    const [, , sig, respName, body] = m;
    const action = /action: "(\w+)"/.exec(body)?.[1];
    if (!action) continue;
    const field = (k) => new RegExp(`${k}: ["\`]([^"\`]+)["\`]`).exec(body)?.[1];
    const request = /(?:tmpReq|request): \$_model\.(\w+Request)/.exec(sig)?.[1];
    const shrink = /new \$_model\.(\w+ShrinkRequest)\(/.exec(body)?.[1];
    const headersModel = /headers: \$_model\.(\w+Headers)/.exec(sig)?.[1];
    const pathParams = [...sig.matchAll(/(\w+): string(?:,|$)/g)].map((x) => x[1]);
    const params = {};
    for (const a of body.matchAll(
      /(query|body|realHeaders)\["([^"]+)"\] = (?:String\()?(request|headers)\.(\w+)/g,
    )) {
      params[a[2]] = { in: a[1] === 'realHeaders' ? 'header' : a[1], prop: a[4], from: a[3] };
    }
    const wholeQuery =
      /query: OpenApiUtil\.query\(\$dara\.toMap\(request\)\)|query: OpenApiUtil\.query\(request\.toMap\(\)\)/.test(
        body,
      );
    const jsonBody = /body: (?:OpenApiUtil\.parseToMap\()?request\.body\)?,/.test(body);
    ops[action] = {
      version: field('version'),
      style: field('style'),
      method: field('method'),
      pathname: field('pathname')?.replace(/\$\{\$dara\.URL\.percentEncode\((\w+)\)\}/g, '{$1}'),
      reqBodyType: field('reqBodyType'),
      bodyType: field('bodyType'),
      request,
      ...(shrink ? { shrink } : {}),
      ...(headersModel ? { headersModel } : {}),
      ...(pathParams.length ? { pathParams } : {}),
      params,
      wholeQuery,
      jsonBody,
      response: `${respName}Response`,
    };
  }
  return ops;
}

/** One operation's contract from its parsed client entry and the models. */
function operation(name, op, models, ann) {
  const req = models[op.shrink ?? op.request] ?? {};
  const byProp = Object.fromEntries(Object.entries(req).map(([wire, f]) => [f.prop, { wire, ...f }]));
  const parameters = {};
  const add = (wire, f, where) => {
    const p = { in: where, type: f.type };
    if (f.required) p.required = true;
    if (f.deprecated) p.deprecated = true;
    parameters[wire] = p;
  };
  if (op.wholeQuery) for (const [wire, f] of Object.entries(req)) add(wire, f, 'query');
  for (const [wire, p] of Object.entries(op.params)) {
    const f =
      p.from === 'headers'
        ? (models[op.headersModel] ?? {})[
            Object.keys(models[op.headersModel] ?? {}).find((k) => models[op.headersModel][k].prop === p.prop)
          ]
        : byProp[p.prop];
    add(wire, f ?? { type: 'string' }, p.in);
  }
  let body;
  if (op.jsonBody) {
    const b = byProp.body;
    if (b) body = { model: b.type, ...(b.required ? { required: true } : {}) };
    if (b?.type === 'binary') body = { binary: true };
  }
  const respBody = models[op.response]?.body?.type;
  const out = {
    method: op.method,
    pathname: op.pathname,
    style: op.style,
    reqBodyType: op.reqBodyType,
    bodyType: op.bodyType,
    request: op.request,
    ...(op.pathParams ? { pathParams: op.pathParams } : {}),
    parameters,
    ...(body ? { body } : {}),
    response: respBody && respBody !== 'binary' && respBody !== 'any' ? respBody : null,
  };
  for (const k of ['reads', 'errors', 'paging', 'notes']) if (ann[k] !== undefined) out[k] = ann[k];
  return out;
}

/** The models an operation list uses, closed over nested types. */
function usedModels(operations, models) {
  const seen = new Set();
  const visit = (name) => {
    const base = name.replace(/\[\]$/, '');
    if (seen.has(base) || !models[base]) return;
    seen.add(base);
    for (const f of Object.values(models[base])) visit(f.type);
  };
  for (const op of Object.values(operations)) {
    for (const p of Object.values(op.parameters)) visit(p.type);
    if (op.body?.model) visit(op.body.model);
    if (op.response) visit(op.response);
  }
  return Object.fromEntries(
    [...seen].sort().map((n) => [
      n,
      Object.fromEntries(
        Object.entries(models[n]).map(([wire, f]) => {
          const { prop: _p, ...rest } = f;
          return [wire, rest];
        }),
      ),
    ]),
  );
}

/** Checks that every field path an annotation says we read exists in the response model. */
function checkReads(product, opName, op, models) {
  for (const path of op.reads ?? []) {
    let model = op.response;
    for (const seg of path.split('.')) {
      const key = seg.replace(/\[\]$/, '');
      const f = models[model]?.[key];
      if (!f) throw new Error(`${product}.${opName}: reads "${path}" but ${model} has no ${key}`);
      model = f.type.replace(/\[\]$/, '');
    }
  }
}

export function deriveProduct(product, srcDir, annotations, source) {
  const models = parseModels(srcDir);
  const client = parseClient(srcDir);
  const operations = {};
  for (const [name, ann] of Object.entries(annotations.operations).sort(([a], [b]) => a.localeCompare(b))) {
    const op = client[name];
    if (!op) throw new Error(`${product}: ${name} is not an operation of ${source.package ?? source.path}`);
    operations[name] = operation(name, op, models, ann);
  }
  const versions = new Set(Object.values(client).map((o) => o.version));
  const out = {
    version: [...versions][0],
    source,
    operations,
    models: usedModels(operations, models),
  };
  for (const [name, op] of Object.entries(operations)) checkReads(product, name, op, out.models);
  return out;
}

function installedSource(product) {
  const require = createRequire(join(root, 'package.json'));
  const pkgDir = dirname(require.resolve(`${INSTALLED[product]}/package.json`));
  const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  return {
    dir: join(pkgDir, 'src'),
    source: { package: INSTALLED[product], version, files: 'src/client.ts, src/models/*.ts' },
  };
}

export function deriveAll(existing) {
  const annotations = JSON.parse(readFileSync(ANNOTATIONS, 'utf8'));
  const products = {};
  for (const product of Object.keys(annotations.products)) {
    const ann = annotations.products[product];
    if (product === 'config') {
      const src = opt('--config-src');
      if (src) {
        const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8'));
        products.config = deriveProduct('config', src, ann, {
          repository: 'aliyun/alibabacloud-typescript-sdk',
          path: 'config-20200907/src',
          commit: opt('--config-commit') ?? 'unknown',
          package: pkg.name,
          version: pkg.version,
          files: 'client.ts, models/*.ts',
        });
      } else if (existing?.products?.config) products.config = existing.products.config;
      else throw new Error('no Config contract yet: give --config-src');
      continue;
    }
    const { dir, source } = installedSource(product);
    products[product] = deriveProduct(product, dir, ann, source);
  }
  return {
    $comment:
      'Generated by scripts/contract/derive.mjs from the vendor SDK sources named in each product’s "source" plus contract/annotations.json. Do not edit by hand.',
    products,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const existing = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : undefined;
  const next = deriveAll(existing);
  const text = `${JSON.stringify(next, null, 1)}\n`;
  if (args.includes('--check')) {
    const same = existing && JSON.stringify(existing) === JSON.stringify(next);
    if (!same) {
      console.error(
        'contract/alibaba-cloud.json differs from what the installed SDKs give: rerun the derivation',
      );
      process.exit(1);
    }
    console.log('contract: up to date');
  } else {
    writeFileSync(OUT, text);
    const n = Object.values(next.products).reduce((s, p) => s + Object.keys(p.operations).length, 0);
    console.log(`contract: ${n} operations, ${(text.length / 1024).toFixed(0)} KiB → ${OUT}`);
  }
}
