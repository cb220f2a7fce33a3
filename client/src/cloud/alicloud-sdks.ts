/**
 * The Alibaba Cloud SDKs, bundled on their own into dist/alicloud-sdks.js so the extension bundle
 * stays small and activation fast: scripts/build.mjs routes every `import('@alicloud/...')` of the
 * extension here, and each SDK initialises only when first used (each costs ~2 s cold).
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-return -- lazy, on-first-use loading of untyped modules is the point */
const loaders: Record<string, () => unknown> = {
  '@alicloud/credentials': () => require('@alicloud/credentials'),
  '@alicloud/openapi-core': () => require('@alicloud/openapi-core'),
  '@alicloud/ecs20140526': () => require('@alicloud/ecs20140526'),
  '@alicloud/fc20230330': () => require('@alicloud/fc20230330'),
  '@alicloud/ram20150501': () => require('@alicloud/ram20150501'),
  '@darabonba/typescript': () => require('@darabonba/typescript'),
};

export function load(name: string): unknown {
  const loader = loaders[name];
  if (!loader) throw new Error(`alicloud-sdks: ${name} is not bundled`);
  return loader();
}

/** Module names this bundle serves (the build routes exactly these). */
export const SDK_MODULES = Object.keys(loaders);
