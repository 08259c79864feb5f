/** Reads the written slot back and hashes it: catches flash faults the streaming hash cannot see. */
import type { CryptoPort } from "../../ports/crypto";
import type { OtaPort } from "../../ports/ota";
import { toHex } from "../../protocol/bytes";

export async function hashInactiveSlot(ota: OtaPort, crypto: CryptoPort, size: number, chunkBytes: number, hash = crypto.createHash("SHA-256")) {
  for (let offset = 0; offset < size; offset += chunkBytes) {
    hash.update(await ota.readInactive(offset, Math.min(chunkBytes, size - offset)));
  }
  return hash;
}

export async function slotMatches(ota: OtaPort, crypto: CryptoPort, size: number, sha256Hex: string, chunkBytes: number): Promise<boolean> {
  const hash = await hashInactiveSlot(ota, crypto, size, chunkBytes);
  return toHex(hash.digest()) === sha256Hex;
}
