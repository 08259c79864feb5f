import type { KvErrorShape } from "../../ports/kv";

/** The error every {@link KvPort} adapter throws; `code` says which limit was broken. */
export class KvError extends Error implements KvErrorShape {
  readonly code: KvErrorShape["code"];
  constructor(code: KvErrorShape["code"], message: string) {
    super(message);
    this.name = "KvError";
    this.code = code;
  }
}
