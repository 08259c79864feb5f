/**
 * First module of every XS test bundle: installs the mocha globals and `globalThis.__xsr`, the
 * control surface the host drives with `evaluate` (start, state, abortCurrent).
 */
import { callHost } from "./host-channel";
import { createRunner } from "./mocha";

interface RunState {
  started: boolean;
  done: boolean;
  current: string | undefined;
  counts: { passed: number; failed: number; skipped: number } | undefined;
  error: string | undefined;
}

const now = (): number => (globalThis as unknown as { performance?: { now(): number } }).performance?.now() ?? 0;
const runner = createRunner({ onEvent: (event) => callHost({ t: "event", event }), now });
const state: RunState = { started: false, done: false, current: undefined, counts: undefined, error: undefined };

Object.assign(globalThis, {
  describe: runner.describe,
  context: runner.describe,
  it: runner.it,
  specify: runner.it,
  before: runner.before,
  after: runner.after,
  beforeEach: runner.beforeEach,
  afterEach: runner.afterEach,
  __xsr: {
    start(): void {
      state.started = true;
      runner.run().then(
        (counts) => { state.counts = counts; state.done = true; },
        (error: unknown) => { state.error = String(error); state.done = true; },
      );
    },
    state(): ArrayBuffer {
      const bytes = new TextEncoder().encode(JSON.stringify({ ...state, current: runner.current() }));
      return bytes.buffer as ArrayBuffer;
    },
    abortCurrent(reason: string): void {
      runner.abortCurrent(reason);
    },
  },
});
