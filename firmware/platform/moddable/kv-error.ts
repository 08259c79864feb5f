import type { KvErrorShape } from "../../ports/kv";

/** The error every {@link KvPort} adapter throws; `code` says which limit was broken. */
export class KvError extends Error implements KvErrorShape {
  readonly code: KvErrorShape["code"];
  constructor(code: KvErrorShape["code"], message: string) {
    super(message);
    // Error.prototype is frozen in a Moddable ROM image, so `this.name = ...` would throw.
    Object.defineProperty(this, "name", { value: "KvError", configurable: true });
    this.code = code;
  }
}
