// Cipher classes of the SDK's "crypt" module (modules/crypt/digest/crypt.js); the SDK typings declare only Digest.
declare module "crypt" {
  type BufferSource = ArrayBuffer | ArrayBufferView;

  export class BlockCipher {
    constructor(cipher: "AES" | "DES" | "TDES", key: BufferSource);
    encrypt(data: BufferSource, result?: ArrayBuffer): ArrayBuffer;
    decrypt(data: BufferSource, result?: ArrayBuffer): ArrayBuffer;
    readonly keySize: number;
    readonly blockSize: number;
  }

  export class Mode {
    /**
     * `CTR`: `iv` (an ArrayBuffer) is right-aligned into the counter block, which is incremented
     * as a big-endian integer over the whole block; the keystream position survives across calls.
     */
    constructor(mode: "ECB" | "CTR" | "CBC", cipher: BlockCipher, iv?: ArrayBuffer, padding?: boolean);
    encrypt(data: BufferSource, result?: ArrayBuffer, count?: number): ArrayBuffer;
    decrypt(data: BufferSource, result?: ArrayBuffer, count?: number): ArrayBuffer;
    setIV(iv: ArrayBuffer): void;
    eof: boolean;
  }

  export class StreamCipher {
    constructor(cipher: "RC4" | "ChaCha", key: BufferSource, iv?: BufferSource, counter?: number);
    encrypt(data: BufferSource, result?: ArrayBuffer, count?: number): ArrayBuffer;
    decrypt(data: BufferSource, result?: ArrayBuffer, count?: number): ArrayBuffer;
    setIV(iv: BufferSource, counter?: number): void;
  }
}
