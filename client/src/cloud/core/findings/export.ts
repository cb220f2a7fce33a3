/**
 * "Export Findings": the findings tree as a report, JSON (the whole picture, one object per group)
 * and CSV (one row per risky rule, for spreadsheets and tickets). Groups come ranked as the tree
 * shows them: reachable from the Internet first. Names and descriptions come from the account and may
 * be written by anyone: CSV cells that a spreadsheet would run as a formula are quoted as text.
 */
import { reachOf, reachSummary, type Exposure } from './exposure';
import type { GroupFindings } from './findings';

export interface FindingsReport {
  json: string;
  csv: string;
}

const addresses = (e: Exposure | undefined): string[] =>
  e?.attachments.flatMap((a) => a.publicAddresses.map((p) => `${p.address} (${p.kind} of ${a.id})`)) ?? [];

export function findingsReport(groups: readonly GroupFindings[], generatedAt: string): FindingsReport {
  const doc = {
    generatedAt,
    groups: groups.map((g) => ({
      accountId: g.accountId,
      region: g.region,
      groupId: g.groupId,
      name: g.name,
      vpcId: g.vpcId,
      serviceManaged: g.serviceManaged,
      reach: reachOf(g.exposure),
      exposure: reachSummary(g.exposure),
      ...(g.exposure?.error !== undefined ? { exposureError: g.exposure.error } : {}),
      attachments: g.exposure?.attachments ?? [],
      findings: g.findings,
      ...(g.configAnnotation ? { configAnnotation: g.configAnnotation } : {}),
    })),
  };
  const header = [
    'account',
    'region',
    'group id',
    'group name',
    'vpc',
    'reach',
    'public addresses',
    'attachments',
    'rule id',
    'verdict',
    'protocol',
    'port range',
    'source',
    'risky ports',
    'why',
  ];
  const rows: string[][] = [header];
  for (const g of groups) {
    const base = [
      g.accountId,
      g.region,
      g.groupId,
      g.name,
      g.vpcId,
      reachSummary(g.exposure),
      addresses(g.exposure).join('; '),
      (g.exposure?.attachments ?? []).map((a) => a.id).join('; '),
    ];
    if (g.findings.length === 0)
      rows.push([...base, '', 'non-compliant (Config)', '', '', '', '', g.configAnnotation ?? '']);
    for (const f of g.findings)
      rows.push([
        ...base,
        f.ruleId,
        f.cannotVerify ? 'cannot verify' : 'risky',
        f.protocol,
        f.portRange,
        f.source,
        f.ports.join('; '),
        f.why,
      ]);
  }
  return {
    json: JSON.stringify(doc, null, 2) + '\n',
    csv: rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n',
  };
}

/** RFC 4180 quoting; a leading =, +, -, @, tab or CR is prefixed with ' so it stays text. */
export function csvCell(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}
