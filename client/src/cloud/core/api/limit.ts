/**
 * p-limit is ESM-only and this code compiles to CommonJS: load it through import() (esbuild
 * bundles it either way) and hand out limiters synchronously afterwards.
 */
export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export async function createLimiter(concurrency: number): Promise<Limiter> {
  const { default: pLimit } = await import('p-limit');
  const limit = pLimit(Math.max(1, Math.floor(concurrency)));
  return (fn) => limit(fn);
}
