import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding } from '../api/types';
import { RULES } from '../api/index';
import type { WorkspaceLintResult } from '../lint/index';
import { fingerprint } from './fingerprint';
import type { SpanResolver } from './positions';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;
/** GitHub code scanning reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<string, string> = {
  'sg-risky-ports-check': '8.6',
  'sg-public-access-check': '9.1',
  'sg-port-range-valid': '2.0',
};

function descriptor(rule: (typeof RULES)[number]): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.title.replace(/[^A-Za-z0-9]+/g, ''),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: {
      text: `${rule.description} See ${rule.docsUrl}`,
      markdown: `${rule.description} [Docs](${rule.docsUrl})`,
    },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags:
        rule.id === 'sg-port-range-valid'
          ? ['correctness', 'terraform']
          : ['security', 'terraform', 'alicloud'],
      'security-severity': SECURITY_SEVERITY[rule.id] ?? '5.0',
      precision: 'very-high',
    },
  };
}

function result(f: Finding, spans: SpanResolver, ruleIndex: Map<string, number>): Result {
  const s = spans.span(f.loc);
  const r: Result = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.resource ? `${f.resource} ${f.message}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: s.file, uriBaseId: '%SRCROOT%' },
          region: { startLine: s.line, startColumn: s.column, endLine: s.endLine, endColumn: s.endColumn },
        },
        logicalLocations: f.resource ? [{ fullyQualifiedName: f.resource, kind: 'resource' }] : undefined,
      },
    ],
    relatedLocations: f.related.map((rel, id) => {
      const rs = spans.span(rel.loc);
      return {
        id,
        message: { text: rel.message },
        physicalLocation: {
          artifactLocation: { uri: rs.file, uriBaseId: '%SRCROOT%' },
          region: {
            startLine: rs.line,
            startColumn: rs.column,
            endLine: rs.endLine,
            endColumn: rs.endColumn,
          },
        },
      };
    }),
    partialFingerprints: { 'sgGuardFinding/v1': fingerprint(f, s.file) },
    properties: { ports: f.ports, source: f.source },
  };
  const idx = ruleIndex.get(f.ruleId);
  if (idx !== undefined) r.ruleIndex = idx;
  if (f.suppression) {
    r.suppressions = [
      {
        kind: f.suppression.baseline ? 'external' : 'inSource',
        justification: f.suppression.reason,
        status: 'accepted',
      },
    ];
    if (f.suppression.baseline) r.baselineState = 'unchanged';
  }
  return r;
}

/** SARIF 2.1.0 for code-scanning upload; columns in UTF-16 code units. */
export function formatSarif(res: WorkspaceLintResult, spans: SpanResolver, version: string): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const results = [...res.findings, ...res.unverified, ...res.suppressed].map((f) =>
    result(f, spans, ruleIndex),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sg-guard',
            semanticVersion: version,
            version,
            informationUri: 'https://github.com/sg-guard/sg-guard',
            rules: RULES.map(descriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${process.cwd().split('\\').join('/')}/` } },
        results,
        invocations: [
          {
            // Files it could not read: the run is not a full check, and says which.
            executionSuccessful: res.unreadable.length === 0,
            toolExecutionNotifications: [
              ...res.unreadable.map((u) => ({
                level: 'error' as const,
                descriptor: { id: 'sg-guard-unreadable' },
                message: { text: `cannot read ${spans.relative(u.file)}: ${u.reason}` },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: spans.relative(u.file), uriBaseId: '%SRCROOT%' },
                    },
                  },
                ],
              })),
              ...res.parseErrors.map((e) => {
                const s = spans.span(e.loc);
                return {
                  level: 'error' as const,
                  message: { text: `syntax error: ${e.message}` },
                  locations: [
                    {
                      physicalLocation: {
                        artifactLocation: { uri: s.file, uriBaseId: '%SRCROOT%' },
                        region: { startLine: s.line, startColumn: s.column },
                      },
                    },
                  ],
                };
              }),
            ],
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
