/** Terraform's top-level block types: those written with labels, and those without. */
export const LABELED_TOP_LEVEL: ReadonlySet<string> = new Set([
  'resource',
  'data',
  'module',
  'variable',
  'output',
  'provider',
  'check',
  'ephemeral',
]);

export const BARE_TOP_LEVEL: ReadonlySet<string> = new Set([
  'locals',
  'terraform',
  'moved',
  'import',
  'removed',
]);
