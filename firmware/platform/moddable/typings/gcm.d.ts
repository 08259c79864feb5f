// SDK module "gcm" (modules/crypt/etc/gcm.js), built on crypt Mode("CTR") and GHASH.
declare module "gcm" {
  import type { BlockCipher } from "crypt";

  export default class GCM {
    constructor(cipher: BlockCipher, tagLength?: number);
    /**
     * Encrypt (`encrypt` true): returns ciphertext followed by the tag.
     * Decrypt: `data` (a Uint8Array) is ciphertext followed by the tag; returns the plaintext,
     * or `undefined` when the tag does not match. `iv` is an ArrayBuffer (12 bytes: the fast path).
     */
    process(data: Uint8Array | ArrayBuffer, buffer: ArrayBuffer | undefined, iv: ArrayBuffer, aad: ArrayBuffer | undefined, encrypt: boolean): ArrayBuffer | undefined;
  }
}
