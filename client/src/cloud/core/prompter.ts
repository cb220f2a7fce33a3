/**
 * Every question the cloud commands ask goes through a Prompter, so tests (node and
 * extension-host) can script the answers. The VS Code implementation is in ../vscode/prompter.ts.
 */
export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  picked?: boolean;
}

export interface InputOptions {
  value?: string;
  prompt?: string;
  placeholder?: string;
  password?: boolean;
  validate?: (value: string) => string | undefined;
}

export interface Prompter {
  pick<T>(title: string, items: PickItem<T>[], opts?: { placeholder?: string }): Promise<T | undefined>;
  pickMany<T>(title: string, items: PickItem<T>[], opts?: { placeholder?: string }): Promise<T[] | undefined>;
  input(title: string, opts?: InputOptions): Promise<string | undefined>;
  /** A (modal) confirmation; resolves with the chosen button, undefined when dismissed. */
  confirm(
    message: string,
    buttons: string[],
    opts?: { detail?: string; modal?: boolean },
  ): Promise<string | undefined>;
  pickFolder(title: string): Promise<string | undefined>;
}

/** One scripted answer: a value (a label or value for picks), `undefined` to cancel, or a function of the question. */
export type Answer = unknown;

export interface AskedQuestion {
  kind: 'pick' | 'pickMany' | 'input' | 'confirm' | 'pickFolder';
  title: string;
  /** Pick items' labels, confirm buttons. */
  options: string[];
  /** Pick items' descriptions and details, in the same order (what the user reads beside each). */
  descriptions?: string[];
  detail?: string;
}

/** Answers questions from a list, in order; records what was asked. Runs out → throws (the test forgot one). */
export class ScriptedPrompter implements Prompter {
  readonly asked: AskedQuestion[] = [];
  constructor(private readonly answers: Answer[]) {}

  private next(q: AskedQuestion): unknown {
    this.asked.push(q);
    if (this.answers.length === 0) throw new Error(`no scripted answer for ${q.kind} "${q.title}"`);
    const a = this.answers.shift();
    return typeof a === 'function' ? (a as (q: AskedQuestion) => unknown)(q) : a;
  }

  private match<T>(items: PickItem<T>[], a: unknown): T | undefined {
    if (a === undefined) return undefined;
    const hit = items.find(
      (i) => i.label === a || i.value === a || (typeof a === 'string' && i.label.includes(a)),
    );
    if (!hit)
      throw new Error(
        `scripted answer ${JSON.stringify(a)} matches none of ${items.map((i) => i.label).join(' | ')}`,
      );
    return hit.value;
  }

  pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined> {
    return Promise.resolve(
      this.match(
        items,
        this.next({
          kind: 'pick',
          title,
          options: items.map((i) => i.label),
          descriptions: items.map((i) => [i.description, i.detail].filter(Boolean).join(' ')),
        }),
      ),
    );
  }

  pickMany<T>(title: string, items: PickItem<T>[]): Promise<T[] | undefined> {
    const a = this.next({ kind: 'pickMany', title, options: items.map((i) => i.label) });
    if (a === undefined) return Promise.resolve(undefined);
    const list =
      a === 'default'
        ? items.filter((i) => i.picked).map((i) => i.value)
        : (a as unknown[]).map((x) => this.match(items, x) as T);
    return Promise.resolve(list);
  }

  input(title: string, opts: InputOptions = {}): Promise<string | undefined> {
    const a = this.next({ kind: 'input', title, options: [] });
    const value = a === 'default' ? (opts.value ?? '') : (a as string | undefined);
    if (value !== undefined && opts.validate) {
      const problem = opts.validate(value);
      if (problem) throw new Error(`scripted input "${value}" for "${title}" is invalid: ${problem}`);
    }
    return Promise.resolve(value);
  }

  confirm(message: string, buttons: string[], opts: { detail?: string } = {}): Promise<string | undefined> {
    const a = this.next({
      kind: 'confirm',
      title: message,
      options: buttons,
      ...(opts.detail ? { detail: opts.detail } : {}),
    });
    if (a !== undefined && !buttons.includes(a as string))
      throw new Error(`${JSON.stringify(a)} is not one of ${buttons.join(', ')}`);
    return Promise.resolve(a as string | undefined);
  }

  pickFolder(title: string): Promise<string | undefined> {
    return Promise.resolve(this.next({ kind: 'pickFolder', title, options: [] }) as string | undefined);
  }
}
