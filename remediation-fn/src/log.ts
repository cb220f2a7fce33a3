/**
 * Structured logging: one JSON object per line on stdout (FC ships it to SLS). Every line passes
 * through redaction of the invocation's credentials, so even an SDK error message that echoed a
 * token could not leak it.
 */
export type LogSink = (line: string) => void;

export class Logger {
  private readonly secrets: string[];

  constructor(
    private readonly sink: LogSink,
    secrets: readonly (string | undefined)[] = [],
    private readonly base: Record<string, unknown> = {},
  ) {
    // Very short strings would redact innocent text and protect nothing.
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  }

  with(fields: Record<string, unknown>): Logger {
    const child = new Logger(this.sink, [], { ...this.base, ...fields });
    child.secrets.push(...this.secrets);
    return child;
  }

  info(event: string, fields: Record<string, unknown> = {}): void {
    this.write('info', event, fields);
  }

  warn(event: string, fields: Record<string, unknown> = {}): void {
    this.write('warn', event, fields);
  }

  error(event: string, fields: Record<string, unknown> = {}): void {
    this.write('error', event, fields);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('[redacted]');
    return out;
  }

  private write(level: string, event: string, fields: Record<string, unknown>): void {
    const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...this.base, ...fields });
    this.sink(this.redact(line));
  }
}

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};
