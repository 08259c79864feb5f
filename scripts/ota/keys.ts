/** OTA signing keys: ECDSA P-256, private key as PKCS#8 PEM, public key as the 65-byte SEC1 point the firmware keeps. */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

export interface OtaKeyPair {
  privatePem: string;
  /** Uncompressed SEC1 point (0x04 || X || Y). */
  publicKey: Uint8Array;
}

export function generateOtaKeyPair(): OtaKeyPair {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicKey: sec1PublicKey(privateKey) };
}

/** Loads a PKCS#8 (or SEC1) PEM and checks it is a P-256 key. */
export function loadSigningKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("OTA signing key must be an ECDSA P-256 (prime256v1) private key");
  }
  return key;
}

/** The 65-byte uncompressed public point of a private or public P-256 key. */
export function sec1PublicKey(key: KeyObject): Uint8Array {
  // createPublicKey derives from a private KeyObject but refuses a public one
  const jwk = (key.type === "public" ? key : createPublicKey(key)).export({ format: "jwk" });
  const x = Buffer.from(jwk.x!, "base64url");
  const y = Buffer.from(jwk.y!, "base64url");
  return new Uint8Array(Buffer.concat([Buffer.from([4]), x, y]));
}
