/** `import { describe, it } from "mocha"` on XS: forwards to the globals installed by xs-entry. */
type Fn = (...args: never[]) => unknown;
const global = (name: string): Fn => (globalThis as unknown as Record<string, Fn>)[name]!;

export const describe = global("describe");
export const context = global("describe");
export const it = global("it");
export const specify = global("it");
export const before = global("before");
export const after = global("after");
export const beforeEach = global("beforeEach");
export const afterEach = global("afterEach");
