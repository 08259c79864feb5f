import type { CryptoPort } from "../../ports/crypto";
import type { KvPort } from "../../ports/kv";
import { concatBytes, toHex, utf8Encode } from "../../protocol/bytes";
import { deriveSec2Verifier } from "../../crypto/provisioning-math";
import { ProvisioningKv } from "./identity";

const SALT_BYTES = 16;
const NS = ProvisioningKv.provNamespace;

/** Salt and verifier of the security 2 provisioning user [spec 6.6]. */
export interface Sec2Credentials {
  readonly salt: Uint8Array;
  readonly verifier: Uint8Array;
  /** True when they came from the kv cache. */
  readonly cached: boolean;
}

/**
 * [spec 6.6] salt + verifier derived from the PoP at first boot and cached in kv; derived again
 * when the username or PoP changed (the cache is tagged with a hash of both).
 */
export function loadSec2Credentials(kv: KvPort, crypto: CryptoPort, username: string, pop: string): Sec2Credentials {
  const tag = toHex(crypto.hash("SHA-256", concatBytes(utf8Encode(username), Uint8Array.of(0x3a), utf8Encode(pop))).subarray(0, 8));
  const salt = kv.get(NS, ProvisioningKv.sec2Salt);
  const verifier = kv.get(NS, ProvisioningKv.sec2Verifier);
  if (kv.get(NS, ProvisioningKv.sec2Tag) === tag && salt instanceof Uint8Array && salt.length === SALT_BYTES && verifier instanceof Uint8Array && verifier.length > 0) {
    return { salt, verifier, cached: true };
  }
  const freshSalt = crypto.random(SALT_BYTES);
  const freshVerifier = deriveSec2Verifier(crypto, utf8Encode(username), utf8Encode(pop), freshSalt);
  kv.set(NS, ProvisioningKv.sec2Salt, freshSalt);
  kv.set(NS, ProvisioningKv.sec2Verifier, freshVerifier);
  kv.set(NS, ProvisioningKv.sec2Tag, tag);
  return { salt: freshSalt, verifier: freshVerifier, cached: false };
}
