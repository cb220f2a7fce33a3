/** A finding's identity across runs, for SARIF partial fingerprints, GitLab and baselines. */
import { createHash } from 'node:crypto';
import type { Finding } from '../api/types';

/**
 * A finding's identity for CI systems that track issues across runs (SARIF partial fingerprints,
 * GitLab Code Quality): the rule, the resource address, the file, the opened source and the ports
 * (a registry module call opens SSH and RDP under one rule and address: two alerts, not one).
 * Stable across line shifts, so an alert keeps its history when lines above it move.
 */
export function fingerprint(f: Finding, file: string): string {
  return createHash('sha256')
    .update(`${f.ruleId}\0${f.resource}\0${file}\0${f.source ?? ''}\0${f.ports.join(',')}`)
    .digest('hex')
    .slice(0, 32);
}
