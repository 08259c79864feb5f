/**
 * The node's RSA-2048 key [spec 4.2]: RSA because Moddable's TLS client authentication signs only
 * with RSA (shared/spec/moddable.md). Generated on the device in pure TS (see README for its cost),
 * or delivered by the claim service over HTTPS.
 */
import type { CryptoPort } from "../../ports/crypto";
import type { KvPort } from "../../ports/kv";
import { bytesToBigInt } from "../../crypto/bigint-bytes";
import { generateRsaKey, generateRsaKeyInSlices } from "../../crypto/rsa-keygen";
import type { ClockPort } from "../../ports/clock";
import { rsaPkcs8, rsaSubjectPublicKeyInfo, type RsaPrivateKey } from "../../protocol/der/keys";
import { expectElement, readChildren } from "../../protocol/der/reader";
import { buildCsr, csrPem } from "../../protocol/der/csr";

export interface NodeKey {
  /** PKCS#8 DER private key, as the TLS client and `rsaSign` take it. */
  readonly pkcs8: Uint8Array;
  /** DER SubjectPublicKeyInfo, compared with the issued certificate's. */
  readonly subjectPublicKeyInfo: Uint8Array;
}

/** Where an in-progress claim keeps its key, so a power cut does not cost a second key generation. */
export const PendingClaimKv = Object.freeze({ namespace: "rmaker_claim", key: "pkey" });

/** Generates an RSA-2048 key from the device RNG. */
export function generateNodeKey(crypto: CryptoPort, modulusBits = 2048): NodeKey {
  return nodeKeyOf(generateRsaKey((n) => crypto.random(n), modulusBits));
}

function nodeKeyOf(k: RsaPrivateKey): NodeKey {
  return { pkcs8: rsaPkcs8(k), subjectPublicKeyInfo: rsaSubjectPublicKeyInfo(k.n, k.e) };
}

function storedPendingKey(kv: KvPort): NodeKey | undefined {
  const stored = kv.get(PendingClaimKv.namespace, PendingClaimKv.key);
  if (!(stored instanceof Uint8Array)) return undefined;
  try {
    return nodeKeyFromPkcs8(stored);
  } catch {
    kv.delete(PendingClaimKv.namespace, PendingClaimKv.key);
    return undefined;
  }
}

/**
 * Makes the pending key ahead of the claim without blocking: the generation runs in slices of
 * `sliceMs`, each followed by a 0 ms timer of `clock`. Call it at first boot when no credentials
 * are stored (while provisioning runs), so the claim itself finds the key ready.
 */
export async function prepareNodeKey(kv: KvPort, crypto: CryptoPort, clock: ClockPort, sliceMs = 50, modulusBits = 2048): Promise<NodeKey> {
  const existing = storedPendingKey(kv);
  if (existing) return existing;
  const pause = () => new Promise<void>((resolve) => {
    clock.setTimeout(resolve, 0);
  });
  const key = nodeKeyOf(await generateRsaKeyInSlices((n) => crypto.random(n), pause, () => clock.monotonic(), sliceMs, modulusBits));
  const raced = storedPendingKey(kv);
  if (raced) return raced;
  kv.set(PendingClaimKv.namespace, PendingClaimKv.key, key.pkcs8);
  return key;
}

/** Public half of an RSA PKCS#8 key (RFC 5208 / RFC 8017 A.1.2); throws a DerError on anything else. */
export function nodeKeyFromPkcs8(pkcs8: Uint8Array): NodeKey {
  const info = expectElement(pkcs8, 0, 0x30);
  const [version, , octets] = readChildren(pkcs8, info);
  if (!version || !octets || octets.tag !== 0x04) throw new RangeError("not a PKCS#8 PrivateKeyInfo");
  const rsa = expectElement(pkcs8, octets.start, 0x30, octets.end);
  const [, n, e] = readChildren(pkcs8, rsa);
  if (!n || !e || n.tag !== 0x02 || e.tag !== 0x02) throw new RangeError("PKCS#8 key is not RSA");
  const int = (el: { start: number; end: number }) => bytesToBigInt(pkcs8.subarray(el.start, el.end));
  return { pkcs8, subjectPublicKeyInfo: rsaSubjectPublicKeyInfo(int(n), int(e)) };
}

/** The pending key of an unfinished claim, or a new one (stored before use, so it survives a reboot). */
export function pendingOrNewKey(kv: KvPort, crypto: CryptoPort, modulusBits = 2048): NodeKey {
  const existing = storedPendingKey(kv);
  if (existing) return existing;
  const key = generateNodeKey(crypto, modulusBits);
  kv.set(PendingClaimKv.namespace, PendingClaimKv.key, key.pkcs8);
  return key;
}

/** Forgets the pending key once its certificate is stored. */
export function dropPendingKey(kv: KvPort): void {
  kv.delete(PendingClaimKv.namespace, PendingClaimKv.key);
}

/** PEM CSR for `nodeId`, SHA-256 with RSA PKCS#1 v1.5 [spec 4.2]. */
export function nodeCsrPem(nodeId: string, key: NodeKey, crypto: CryptoPort): string {
  return csrPem(buildCsr(nodeId, {
    algorithm: "sha256-rsa",
    subjectPublicKeyInfo: key.subjectPublicKeyInfo,
    sign: (data) => crypto.rsaSign(key.pkcs8, data, "pkcs1"),
  }));
}
