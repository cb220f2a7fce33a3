/** The request log tests read through `GET /__sandbox/log` (bounded ring). */

export interface LogEntry {
  /** Monotonic position in the log (pass as `since` to read only newer entries). */
  seq: number;
  time: string;
  requestId: string;
  product: 'ecs' | 'config' | 'fc' | 'ram' | 'unknown';
  action: string;
  method: string;
  path: string;
  /** `root`, `role:<RoleName>`, or `anonymous` when the signature could not be checked. */
  caller: string;
  accessKeyId: string;
  status: number;
  code: string;
  durationMs: number;
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private next = 1;

  constructor(private readonly limit = 5000) {}

  add(e: Omit<LogEntry, 'seq'>): LogEntry {
    const entry = { seq: this.next++, ...e };
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return entry;
  }

  list(filter: { action?: string; product?: string; since?: number } = {}): LogEntry[] {
    return this.entries
      .filter((e) => e.seq > (filter.since ?? 0))
      .filter(
        (e) =>
          (filter.action === undefined || e.action === filter.action) &&
          (filter.product === undefined || e.product === filter.product),
      );
  }

  /** The seq of the newest entry (0 when empty). */
  last(): number {
    return this.next - 1;
  }

  clear(): void {
    this.entries = [];
  }
}
