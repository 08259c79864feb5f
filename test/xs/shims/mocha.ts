/**
 * A tiny mocha-compatible BDD runner for XS: describe/it/before/after/beforeEach/afterEach,
 * async tests, `it.skip`, `describe.skip` (`.only` runs like a plain test). No timeouts: the host
 * aborts a test whose promise never settles (see `abortCurrent`).
 */

export type Done = (error?: unknown) => void;
export type TestFn = (this: TestContext, done: Done) => unknown;
type HookKind = "before" | "after" | "beforeEach" | "afterEach";

/** `this` inside tests and hooks; timeout/slow are accepted and ignored. */
export interface TestContext {
  timeout(ms?: number): TestContext;
  slow(ms?: number): TestContext;
  skip(): never;
}

export interface TestEvent {
  kind: "pass" | "fail" | "skip";
  title: string;
  /** Suite titles from outermost to innermost, then the test title. */
  path: string[];
  error?: string;
  ms: number;
}

interface Test { title: string; fn: TestFn | undefined; skip: boolean }
interface Suite {
  title: string;
  skip: boolean;
  parent: Suite | undefined;
  tests: Test[];
  suites: Suite[];
  hooks: Record<HookKind, TestFn[]>;
  order: (Test | Suite)[];
}

class SkipSignal extends Error {
  constructor() {
    super("skipped");
  }
}

export interface RunnerOptions {
  /** Called after each test settles. */
  onEvent(event: TestEvent): void;
  /** Milliseconds clock for durations (defaults to `() => 0`). */
  now?: () => number;
}

export interface Runner {
  describe: DescribeFn;
  it: ItFn;
  before(fn: TestFn): void;
  after(fn: TestFn): void;
  beforeEach(fn: TestFn): void;
  afterEach(fn: TestFn): void;
  /** Runs the collected tree once; resolves with the counts. */
  run(): Promise<{ passed: number; failed: number; skipped: number }>;
  /** Title path of the test or hook running now, if any. */
  current(): string | undefined;
  /** Fails the running test (or hook) with `reason` so the run can go on. */
  abortCurrent(reason: string): void;
}

export interface DescribeFn {
  (title: string, body: () => void): void;
  skip(title: string, body: () => void): void;
  only(title: string, body: () => void): void;
}

export interface ItFn {
  (title: string, fn?: TestFn): void;
  skip(title: string, fn?: TestFn): void;
  only(title: string, fn?: TestFn): void;
}

function newSuite(title: string, parent: Suite | undefined, skip: boolean): Suite {
  return { title, skip, parent, tests: [], suites: [], hooks: { before: [], after: [], beforeEach: [], afterEach: [] }, order: [] };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}${error.stack ? `\n${error.stack}` : ""}`;
  return `thrown non-error: ${String(error)}`;
}

/** Creates an independent runner; install its functions as globals to run mocha-style files. */
export function createRunner(options: RunnerOptions): Runner {
  const root = newSuite("", undefined, false);
  const now = options.now ?? (() => 0);
  let collecting: Suite = root;
  let running: string | undefined;
  let abort: ((reason: Error) => void) | undefined;
  const counts = { passed: 0, failed: 0, skipped: 0 };

  const context: TestContext = {
    timeout() { return context; },
    slow() { return context; },
    skip() { throw new SkipSignal(); },
  };

  function addSuite(title: string, body: () => void, skip: boolean): void {
    const suite = newSuite(title, collecting, skip || collecting.skip);
    collecting.suites.push(suite);
    collecting.order.push(suite);
    const outer = collecting;
    collecting = suite;
    try {
      body();
    } finally {
      collecting = outer;
    }
  }

  function addTest(title: string, fn: TestFn | undefined, skip: boolean): void {
    const test = { title, fn, skip: skip || fn === undefined };
    collecting.tests.push(test);
    collecting.order.push(test);
  }

  const describe = Object.assign((t: string, b: () => void) => addSuite(t, b, false), {
    skip: (t: string, b: () => void) => addSuite(t, b, true),
    only: (t: string, b: () => void) => addSuite(t, b, false),
  });
  const it = Object.assign((t: string, fn?: TestFn) => addTest(t, fn, false), {
    skip: (t: string, fn?: TestFn) => addTest(t, fn, true),
    only: (t: string, fn?: TestFn) => addTest(t, fn, false),
  });

  function invoke(fn: TestFn, label: string): Promise<void> {
    running = label;
    const aborted = new Promise<never>((_, reject) => { abort = reject; });
    const settled = new Promise<void>((resolve, reject) => {
      if (fn.length >= 1) {
        fn.call(context, (error?: unknown) => (error ? reject(error) : resolve()));
        return;
      }
      Promise.resolve(fn.call(context, () => undefined)).then(() => resolve(), reject);
    });
    return Promise.race([settled, aborted]).finally(() => {
      running = undefined;
      abort = undefined;
    });
  }

  async function callSafely(fn: TestFn, label: string): Promise<unknown> {
    try {
      await invoke(fn, label);
      return undefined;
    } catch (error) {
      return error ?? new Error("rejected without a reason");
    }
  }

  function chain(suite: Suite | undefined): Suite[] {
    const list: Suite[] = [];
    for (let s = suite; s; s = s.parent) list.unshift(s);
    return list;
  }

  function titles(suite: Suite): string[] {
    return chain(suite).map((s) => s.title).filter((t) => t !== "");
  }

  function report(kind: TestEvent["kind"], suite: Suite, title: string, started: number, error?: unknown): void {
    counts[kind === "pass" ? "passed" : kind === "fail" ? "failed" : "skipped"]++;
    const event: TestEvent = { kind, title, path: [...titles(suite), title], ms: Math.max(0, now() - started) };
    if (error !== undefined) event.error = describeError(error);
    options.onEvent(event);
  }

  function hasRunnableTest(suite: Suite): boolean {
    if (suite.skip) return false;
    return suite.tests.some((t) => !t.skip) || suite.suites.some(hasRunnableTest);
  }

  function skipAll(suite: Suite): void {
    for (const item of suite.order) {
      if ("order" in item) skipAll(item);
      else report("skip", suite, item.title, now());
    }
  }

  async function runTest(suite: Suite, test: Test): Promise<void> {
    const started = now();
    if (test.skip || suite.skip || !test.fn) {
      report("skip", suite, test.title, started);
      return;
    }
    const label = [...titles(suite), test.title].join(" > ");
    const suites = chain(suite);
    let error: unknown;
    for (const s of suites) {
      for (const hook of s.hooks.beforeEach) {
        error ??= await callSafely(hook, `${label} (beforeEach)`);
      }
    }
    if (error === undefined) error = await callSafely(test.fn, label);
    for (const s of suites.reverse()) {
      for (const hook of s.hooks.afterEach) {
        const e = await callSafely(hook, `${label} (afterEach)`);
        error ??= e;
      }
    }
    if (error instanceof SkipSignal) report("skip", suite, test.title, started);
    else if (error === undefined) report("pass", suite, test.title, started);
    else report("fail", suite, test.title, started, error);
  }

  async function runSuite(suite: Suite): Promise<void> {
    if (!hasRunnableTest(suite)) {
      skipAll(suite);
      return;
    }
    for (const hook of suite.hooks.before) {
      const error = await callSafely(hook, `${titles(suite).join(" > ")} (before all)`);
      if (error !== undefined) {
        report("fail", suite, '"before all" hook', now(), error);
        return;
      }
    }
    for (const item of suite.order) {
      if ("order" in item) await runSuite(item);
      else await runTest(suite, item);
    }
    for (const hook of suite.hooks.after) {
      const error = await callSafely(hook, `${titles(suite).join(" > ")} (after all)`);
      if (error !== undefined) report("fail", suite, '"after all" hook', now(), error);
    }
  }

  return {
    describe,
    it,
    before: (fn) => collecting.hooks.before.push(fn),
    after: (fn) => collecting.hooks.after.push(fn),
    beforeEach: (fn) => collecting.hooks.beforeEach.push(fn),
    afterEach: (fn) => collecting.hooks.afterEach.push(fn),
    async run() {
      await runSuite(root);
      return { ...counts };
    },
    current: () => running,
    abortCurrent(reason) {
      abort?.(new Error(reason));
    },
  };
}
