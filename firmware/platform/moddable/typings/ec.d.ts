// SDK elliptic-curve modules: "ecp" (modules/crypt/arith/ecp.js), "curve" and "ecdsa" (modules/crypt/etc).
declare module "ecp" {
  export default class ECPoint {
    constructor(x: bigint, y: bigint, identity?: boolean);
    readonly X: bigint;
    readonly Y: bigint;
    /** SEC1 uncompressed point (0x04 || X || Y); throws on any other format. */
    static fromOctetString(bytes: Uint8Array): ECPoint;
  }
}

declare module "curve" {
  export default class Curve {
    constructor(name: "secp256r1" | "secp384r1");
    readonly orderSize: number;
    /** ECDH: multiplies `peer` (or the generator) by the private scalar; returns an uncompressed point. */
    dh(privateKey: ArrayBuffer, peer?: ArrayBuffer): ArrayBuffer | undefined;
  }
}

declare module "ecdsa" {
  import type Curve from "curve";
  import type ECPoint from "ecp";

  export default class ECDSA {
    /** `key`: the public point to verify with, or the private scalar to sign with. */
    constructor(key: ECPoint | bigint, curve: Curve, isPrivate?: boolean);
    /** `hash` is the message digest; `asn1` selects a DER signature instead of r||s. */
    sign(hash: ArrayBuffer, asn1?: boolean): ArrayBuffer;
    verify(hash: ArrayBuffer, signature: ArrayBuffer | Uint8Array, asn1?: boolean): boolean;
  }
}
