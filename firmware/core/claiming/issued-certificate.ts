/** Checks the certificate the claim service returned before anything is stored [spec 4.3, 4.4]. */
import { bytesEqual } from "../../protocol/bytes";
import { readCertificate } from "../../protocol/der/certificate";
import { pemToDerBlocks } from "../../protocol/der/pem";
import { ClaimError } from "./claim-error";

export interface IssuedCertificate {
  certificate: Uint8Array;
  chain?: Uint8Array[];
  /** Last block of the reply (the stub's dev CA, which also signs the broker certificate). */
  caCertificate?: Uint8Array;
  notAfter: number;
}

/**
 * Splits the PEM chain (leaf first) and checks: the leaf's CN is `nodeId`, its public key is
 * `subjectPublicKeyInfo` (our key), and it has not expired at `now` (skipped while the wall clock is unsynced).
 */
export function checkIssuedCertificate(pem: string, nodeId: string, subjectPublicKeyInfo: Uint8Array, now: number): IssuedCertificate {
  let blocks;
  try {
    blocks = pemToDerBlocks(pem.replace(/\\n/g, "\n")).filter((b) => b.label === "CERTIFICATE");
  } catch (error) {
    throw new ClaimError("bad-reply", `certificate in the claim reply is not PEM: ${(error as Error).message}`);
  }
  if (blocks.length === 0) throw new ClaimError("bad-reply", "claim reply has no PEM certificate");
  let leaf;
  try {
    leaf = readCertificate(blocks[0].der);
    for (const b of blocks.slice(1)) readCertificate(b.der);
  } catch (error) {
    throw new ClaimError("bad-reply", `certificate in the claim reply does not parse: ${(error as Error).message}`);
  }
  if (leaf.commonName !== nodeId) throw new ClaimError("wrong-identity", `certificate is for node "${leaf.commonName ?? ""}", not "${nodeId}"`);
  if (!bytesEqual(leaf.subjectPublicKeyInfo, subjectPublicKeyInfo)) throw new ClaimError("wrong-identity", `certificate for node ${nodeId} carries another public key`);
  if (now >= ClockSyncedAfter && leaf.notAfter <= now) throw new ClaimError("wrong-identity", `certificate for node ${nodeId} expired at ${leaf.notAfter}`);
  const out: IssuedCertificate = { certificate: blocks[0].der, notAfter: leaf.notAfter };
  if (blocks.length > 1) out.caCertificate = blocks[blocks.length - 1].der;
  if (blocks.length > 2) out.chain = blocks.slice(1, -1).map((b) => b.der);
  return out;
}

/** Wall-clock times before this (2020-01-01) mean the board has not synced time yet. */
export const ClockSyncedAfter = 1577836800000;
