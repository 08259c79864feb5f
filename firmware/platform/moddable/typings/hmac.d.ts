// SDK module "hmac" (modules/crypt/etc/hmac.js).
declare module "hmac" {
  import type { Digest } from "crypt";

  export default class HMAC {
    /** `bitlen` truncates `sign` output; 0 keeps the full digest. */
    constructor(hash: Digest, key: ArrayBuffer | ArrayBufferView, bitlen?: number);
    update(...data: (ArrayBuffer | ArrayBufferView | string)[]): void;
    close(): ArrayBuffer;
    reset(): void;
    /** reset + update(...items) + close. */
    process(...items: (ArrayBuffer | ArrayBufferView | string)[]): ArrayBuffer;
  }
}
