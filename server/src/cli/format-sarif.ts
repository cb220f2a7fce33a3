/**
 * `--format sarif`: SARIF 2.1.0 for code-scanning upload: rule metadata, UTF-16 columns, stable
 * fingerprints, related locations, suppressions, and the core's fixes as artifact changes.
 */
import { pathToFileURL } from 'node:url';
import type {
  ArtifactLocation,
  Fix as SarifFix,
  Log,
  LogicalLocation,
  ReportingDescriptor,
  Result,
} from 'sarif';
import type { Finding, Fix } from '../api/index';
import { RULES } from '../api/index';
import type { WorkspaceLintResult } from '../lint/index';
import { fingerprint } from './fingerprint';
import type { FormatContext } from './formatters';
import { weakeningLine } from '../config/index';
import type { Span, SpanResolver } from './positions';

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
      text: `${rule.description} ${rule.recommendedAction} See ${rule.docsUrl}`,
      markdown: `${rule.description}\n\n**How to fix:** ${rule.recommendedAction} [Docs](${rule.docsUrl})`,
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

/**
 * A relative path as a URI reference: each segment percent-encoded (`my mod/main #1.tf` is
 * `my%20mod/main%20%231.tf`; a raw space or `#` makes an invalid URI or cuts the path at a fragment).
 */
export function sarifUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

const artifact = (file: string): ArtifactLocation => ({ uri: sarifUri(file), uriBaseId: '%SRCROOT%' });

const region = (s: Span) => ({
  startLine: s.line,
  startColumn: s.column,
  endLine: s.endLine,
  endColumn: s.endColumn,
});

/** A core fix as SARIF: per file, each edit a deleted region (empty for an insertion) and its new text. */
function sarifFix(fix: Fix, spans: SpanResolver): SarifFix {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  return {
    description: { text: fix.title },
    artifactChanges: [...byFile].map(([file, edits]) => ({
      artifactLocation: artifact(spans.relative(file)),
      replacements: edits.map((e) => ({
        deletedRegion: region(spans.span({ file, range: e.range })),
        insertedContent: { text: e.newText },
      })),
    })),
  };
}

/**
 * The resource address, and for a finding read from a plan, state or ROS template the value's path
 * in that document (the place itself when no Terraform source was found beside a plan).
 */
function logicalLocations(f: Finding): LogicalLocation[] | undefined {
  const out: LogicalLocation[] = [];
  if (f.resource) out.push({ fullyQualifiedName: f.resource, kind: 'resource' });
  if (f.docPath) out.push({ fullyQualifiedName: f.docPath, kind: 'property' });
  return out.length ? out : undefined;
}

function result(f: Finding, ctx: FormatContext, ruleIndex: Map<string, number>): Result {
  const { spans } = ctx;
  const s = spans.span(f.loc);
  const r: Result = {
    ruleId: f.ruleId,
    level: LEVEL[f.severity],
    message: { text: f.resource ? `${f.resource} ${f.message}` : f.message },
    locations: [
      {
        physicalLocation: { artifactLocation: artifact(s.file), region: region(s) },
        logicalLocations: logicalLocations(f),
      },
    ],
    relatedLocations: f.related.map((rel, id) => {
      const rs = spans.span(rel.loc);
      return {
        id,
        message: { text: rel.message },
        physicalLocation: { artifactLocation: artifact(rs.file), region: region(rs) },
      };
    }),
    partialFingerprints: { 'sgGuardFinding/v1': fingerprint(f, s.file) },
    properties: { ports: f.ports, source: f.source },
  };
  // Suppressed findings need no fix; the rest carry the same edits the editor and --fix make.
  const fixes = f.suppression ? [] : ctx.fixes(f).filter((x) => x.kind !== 'suppress');
  if (fixes.length) r.fixes = fixes.map((x) => sarifFix(x, spans));
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

export function formatSarif(res: WorkspaceLintResult, ctx: FormatContext): string {
  const { spans, version } = ctx;
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const results = [...res.findings, ...res.unverified, ...res.suppressed].map((f) =>
    result(f, ctx, ruleIndex),
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
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(ctx.cwd).href.replace(/\/?$/, '/')}` } },
        results,
        invocations: [
          {
            // Files it could not read: the run is not a full check, and says which.
            executionSuccessful: res.unreadable.length === 0,
            // Rules a config file or the command line turned off or lowered (SARIF 2.1.0 §3.20.5).
            ...(ctx.weakened.some((w) => w.rule)
              ? {
                  ruleConfigurationOverrides: ctx.weakened.flatMap((w) =>
                    w.rule
                      ? [
                          {
                            descriptor: { id: w.rule.id, index: ruleIndex.get(w.rule.id) },
                            configuration:
                              w.rule.level === 'off'
                                ? { enabled: false }
                                : { level: w.rule.level === 'info' ? ('note' as const) : w.rule.level },
                          },
                        ]
                      : [],
                  ),
                }
              : {}),
            // Every setting that checks less, with where it is set (§3.20.22).
            ...(ctx.weakened.length
              ? {
                  toolConfigurationNotifications: ctx.weakened.map((w) => ({
                    level: 'warning' as const,
                    descriptor: { id: 'sg-guard-checks-less' },
                    message: { text: weakeningLine(w) },
                    ...(w.source === 'command line'
                      ? {}
                      : { locations: [{ physicalLocation: { artifactLocation: artifact(w.source) } }] }),
                  })),
                }
              : {}),
            toolExecutionNotifications: [
              ...res.unreadable.map((u) => ({
                level: 'error' as const,
                descriptor: { id: 'sg-guard-unreadable' },
                message: { text: `cannot read ${spans.relative(u.file)}: ${u.reason}` },
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: artifact(spans.relative(u.file)),
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
                        artifactLocation: artifact(s.file),
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
