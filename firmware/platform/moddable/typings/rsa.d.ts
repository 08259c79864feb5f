// SDK RSA modules (modules/crypt/etc): "pkcs8" (RSA key parser), "rsa" (raw modular exponentiation),
// "pkcs1" (integer/octet-string conversion), "pkcs1_5" (RSASSA/RSAES-PKCS1-v1_5).
declare module "pkcs8" {
  export interface RsaPrivateKey {
    modulus: bigint;
    exponent: bigint;
    privExponent: bigint;
    prim1: bigint;
    prim2: bigint;
    exponent1: bigint;
    exponent2: bigint;
    coefficient: bigint;
  }
  export default class PKCS8 {
    /** Parses an unencrypted PKCS#8 PrivateKeyInfo holding an RSA key. */
    static parse(der: Uint8Array | ArrayBuffer): RsaPrivateKey;
  }
}

declare module "rsa" {
  export default class RSA {
    /** Private operation: `(privExponent, modulus, p, q, dp, dq, qInv)` (CRT); public: `(exponent, modulus)`. */
    constructor(exponent: bigint, modulus: bigint, p?: bigint, q?: bigint, dp?: bigint, dq?: bigint, qInv?: bigint);
    /** x^exponent mod modulus. */
    process(x: bigint): bigint;
    /** Modulus length in bytes. */
    readonly modulusSize: number;
  }
}

declare module "pkcs1" {
  export default class PKCS1 {
    /** Integer to big-endian octet string, left-padded with zeros to `length`. */
    static I2OSP(value: bigint, length?: number): ArrayBuffer;
    static OS2IP(bytes: ArrayBuffer | Uint8Array): bigint;
  }
}

declare module "pkcs1_5" {
  import type { RsaPrivateKey } from "pkcs8";

  export default class PKCS1_5 {
    /** `oid`: the DigestInfo algorithm as an array of arcs, e.g. SHA-256 [2, 16, 840, 1, 101, 3, 4, 2, 1]. */
    constructor(key: RsaPrivateKey, isPrivate?: boolean, oid?: number[]);
    sign(hash: ArrayBuffer): ArrayBuffer;
    verify(hash: ArrayBuffer, signature: ArrayBuffer): boolean;
  }
}
