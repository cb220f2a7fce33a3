/**
 * The analyzer's scheduling: which module is linted next, and when. Edits go first, on the next timer
 * turn (no fixed debounce: a lint of a 10,000-line module takes ~15 ms, and edits that arrive while one
 * runs are coalesced into the next, so waiting would only add latency); the background workspace scan
 * runs one module per event-loop turn, so a newer edit always gets in ahead of older queued work, and a
 * module queued many times is linted once with its newest text. What a lint does is the caller's.
 */

export interface ScanProgress {
  report(done: number, total: number): void;
  done(): void;
}

export class LintQueue {
  private readonly urgent = new Set<string>();
  private background: string[] = [];
  private scan: { total: number; done: number; progress: ScanProgress } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private turn: NodeJS.Immediate | undefined;
  /** Wait for nothing queued at all (whenIdle). */
  private idleWaiters: (() => void)[] = [];
  /** Wait for the urgent work only (urgentDone). */
  private urgentWaiters: (() => void)[] = [];
  private held = false;
  /** Set at shutdown: nothing is linted any more. */
  private disposed = false;

  /**
   * @param lint lints one module (or document) by key; what it throws is logged, the queue goes on
   * @param log where a failed lint is reported
   */
  constructor(
    private readonly lint: (dir: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Queues `dir` ahead of the background scan; schedule() starts the work. */
  add(dir: string): void {
    this.urgent.add(dir);
  }

  /** Starts linting what is queued after `delay` ms (unless held, disposed, or already running). */
  schedule(delay: number): void {
    if (this.disposed || this.held) return;
    if (this.turn) return; // the running loop will pick the new work up
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.step();
    }, delay);
  }

  /** Queues a whole-workspace scan; a newer scan replaces an unfinished one. */
  startScan(dirs: readonly string[], progress: ScanProgress): void {
    this.scan?.progress.done();
    this.background = [...dirs];
    this.scan = { total: dirs.length, done: 0, progress };
    progress.report(0, dirs.length);
    this.schedule(0);
  }

  /** Resolves when nothing is queued (used by the rescan request and tests). */
  whenIdle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Resolves once the urgent work (the open files' modules and any edit queued with them) is linted,
   * or at once while held or disposed: then nothing would lint it.
   */
  urgentDone(): Promise<void> {
    if (this.urgent.size === 0 || this.held || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.urgentWaiters.push(resolve));
  }

  /** Until release(), work is queued but nothing is linted (the server has no settings yet). */
  hold(): void {
    this.held = true;
    this.wake('urgent');
  }

  release(): void {
    this.held = false;
    if (this.urgent.size > 0 || this.background.length > 0) this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.turn) clearImmediate(this.turn);
    this.scan?.progress.done();
    this.wake('urgent');
  }

  private busy(): boolean {
    return (
      this.urgent.size > 0 ||
      this.background.length > 0 ||
      this.timer !== undefined ||
      this.turn !== undefined
    );
  }

  private wake(which: 'urgent' | 'idle'): void {
    const waiters = which === 'urgent' ? this.urgentWaiters : this.idleWaiters;
    if (which === 'urgent') this.urgentWaiters = [];
    else this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Lints one module, then yields to the event loop so queued messages (newer edits) land first. */
  private step(): void {
    this.turn = undefined;
    if (this.disposed) return;
    const dir = this.next();
    if (dir !== undefined) {
      try {
        this.lint(dir);
      } catch (e) {
        this.log(`lint of ${dir} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    }
    // The lint may have queued more (a folder whose callers changed): only an empty set is done.
    if (this.urgent.size === 0) this.wake('urgent');
    if (this.urgent.size > 0 || this.background.length > 0) {
      this.turn = setImmediate(() => this.step());
      return;
    }
    if (this.scan) {
      this.scan.progress.done();
      this.scan = undefined;
    }
    if (!this.timer) this.wake('idle');
  }

  private next(): string | undefined {
    const first = this.urgent.values().next();
    if (!first.done) {
      this.urgent.delete(first.value);
      return first.value;
    }
    const dir = this.background.shift();
    if (dir !== undefined && this.scan) {
      this.scan.done++;
      this.scan.progress.report(this.scan.done, this.scan.total);
    }
    return dir;
  }
}
