// How the function package is bundled, minified and without source maps (code.zip stays small), in
// three files: index.js (the handlers and the rule module: what every invocation loads, so a cold
// start parses little), openapi.js (openapi-core and its runtime, required on the first cloud call)
// and lazy.js (the heavy modules @darabonba/typescript requires at load for paths the function never
// takes — XML bodies, websockets, proxies, date formatting, lodash helpers — required only if one is
// ever used). Used by scripts/build.mjs and by the tests that deploy the package into the sandbox.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFrom = createRequire(join(root, 'node_modules', '@darabonba', 'typescript', 'package.json'));

/** Required at load by @darabonba/typescript (openapi-core's runtime), used only on paths we never take. */
export const LAZY_MODULES = [
  'moment',
  'lodash',
  'ws',
  'xml2js',
  'http-proxy-agent',
  'https-proxy-agent',
  'socks-proxy-agent',
];

/**
 * In openapi.js each LAZY_MODULES import becomes a proxy that requires the module from lazy.js on
 * first use. `__esModule: true` makes TypeScript's interop helpers hand the proxy through untouched.
 * @type {import('esbuild').Plugin}
 */
export const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    const names = new RegExp(`^(${LAZY_MODULES.join('|')})$`);
    b.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'lazy-module' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      loader: 'js',
      contents: `let real;
const load = () => (real ??= require(require('path').join(__dirname, 'lazy.js'))[${JSON.stringify(args.path)}]);
module.exports = new Proxy(function lazy() {}, {
  get(_, key) {
    if (key === '__esModule') return true;
    const r = load();
    if (key === 'default') return r && r.__esModule ? r.default : r;
    return r[key];
  },
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => Object.getOwnPropertyDescriptor(load(), key),
  apply: (_, self, args) => load().apply(self, args),
  construct: (_, args) => new (load())(...args),
});
`,
    }));
  },
};

/** The modules index.js takes from openapi.js (the function imports them only with import()). */
export const OPENAPI_MODULES = ['@alicloud/openapi-core', '@darabonba/typescript'];

/** index.js's imports of OPENAPI_MODULES become a require of openapi.js beside it. */
const openapiProxy = {
  name: 'openapi-chunk',
  setup(b) {
    const names = new RegExp(`^(${OPENAPI_MODULES.map((m) => m.replace('/', '\\/')).join('|')})$`);
    b.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'openapi-chunk' }));
    b.onLoad({ filter: /.*/, namespace: 'openapi-chunk' }, (args) => ({
      loader: 'js',
      contents: `module.exports = require(require('path').join(__dirname, 'openapi.js'))[${JSON.stringify(args.path)}];`,
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

/** esbuild options for the two files of the package, by file name in code.zip; add `outfile`. */
export const functionBuilds = {
  'index.js': { ...common, entryPoints: ['remediation-fn/src/index.ts'], plugins: [openapiProxy] },
  'openapi.js': {
    ...common,
    stdin: {
      contents: `module.exports = { ${OPENAPI_MODULES.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(', ')} };`,
      resolveDir: root,
      sourcefile: 'openapi-chunk.js',
    },
    plugins: [lazyModules],
  },
  'lazy.js': {
    ...common,
    stdin: {
      contents: `module.exports = { ${LAZY_MODULES.map((m) => `${JSON.stringify(m)}: require(${JSON.stringify(m)})`).join(', ')} };`,
      // Resolved where @darabonba/typescript would resolve them.
      resolveDir: dirname(requireFrom.resolve('@darabonba/typescript')),
      sourcefile: 'lazy-chunk.js',
    },
  },
};
