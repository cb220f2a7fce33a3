import type { NormalisedRule } from '../../server/src/risk/index';

/** An ingress accept rule opening 22/tcp to the world over IPv4, with `over` changed. */
export const rule = (over: Partial<NormalisedRule> = {}): NormalisedRule => ({
  direction: 'ingress',
  protocol: 'tcp',
  portRange: '22/22',
  sourceCidr: '0.0.0.0/0',
  ...over,
});
