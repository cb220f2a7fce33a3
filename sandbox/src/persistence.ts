/**
 * Save before answering: a change is acknowledged only once it is in the state file (fsync'd), so
 * a `kill -9` right after an answer loses nothing. Changes made while one save runs wait for the
 * next one, which covers every change answered meanwhile (group commit). When a save fails the sandbox goes back to the last saved state, the requests waiting on
 * it are refused, it says so once on stderr, keeps serving, and says so again when a save works.
 */
import { serialiseState, writeStateFile, writeStateFileAsync } from './state-file';
import { validateState } from './state-schema';
import type { SandboxState } from './state';

export interface PersistenceStatus {
  file: string;
  /** Saves done since start (writes, not skipped no-op saves). */
  saves: number;
  /** Why the last save failed, while saves fail. */
  failing?: string;
}

export class SaveFailed extends Error {}

export class Persistence {
  private lastSaved: string;
  private saves = 0;
  private failing: string | undefined;
  private waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private scheduled = false;
  private flushing: Promise<void> | undefined;

  constructor(
    readonly file: string,
    private readonly access: { get: () => SandboxState; set: (s: SandboxState) => void },
    private readonly report: (line: string) => void,
    /** True when `file` already holds this state (it was just loaded from it). */
    alreadySaved: boolean,
  ) {
    const text = serialiseState(access.get());
    this.lastSaved = alreadySaved ? text : '';
  }

  status(): PersistenceStatus {
    return { file: this.file, saves: this.saves, ...(this.failing ? { failing: this.failing } : {}) };
  }

  /** Saves now (start-up, shutdown); throws when the file cannot be written. */
  saveNow(): void {
    const text = serialiseState(this.access.get());
    if (text === this.lastSaved) return;
    writeStateFile(this.file, text);
    this.lastSaved = text;
    this.saves++;
  }

  /** Resolves once the current state is saved; rejects with SaveFailed (the state is rolled back). */
  persist(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when no save is in flight (before the last synchronous save at shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.waiting.length > 0) this.schedule();
      });
    });
  }

  /**
   * Serialises now and writes while other requests go on: what they change waits for the next
   * save, so under load one write covers everything answered in the meantime.
   */
  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    try {
      const text = serialiseState(this.access.get());
      if (text !== this.lastSaved) {
        await writeStateFileAsync(this.file, text);
        this.lastSaved = text;
        this.saves++;
      }
      if (this.failing) this.report(`state saved again to ${this.file}`);
      this.failing = undefined;
      for (const w of batch) w.resolve();
    } catch (e) {
      const why = (e as Error).message;
      if (this.failing === undefined)
        this.report(
          `could not save the state to ${this.file} (${why}); unsaved changes are refused until it can`,
        );
      this.failing = why;
      // Back to what the file holds: nothing that was not saved may be seen as done, including what
      // changed while this save was being written.
      if (this.lastSaved !== '') this.access.set(validateState(JSON.parse(this.lastSaved)));
      const err = new SaveFailed(`the sandbox could not save its state (${why}); the change was not made`);
      const undone = [...batch, ...this.waiting];
      this.waiting = [];
      for (const w of undone) w.reject(err);
    }
  }
}
