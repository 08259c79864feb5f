import type { CryptoPort } from "../../../../firmware/ports/crypto";
import { fromHex } from "../../../../firmware/protocol/bytes";
import type { RandomnessEntry } from "./vector-types";

/** Byte length of each named random draw (vectors README "device_randomness"). */
const EXPECTED_LENGTH: Readonly<Record<string, number>> = Object.freeze({
  cookie_session_id: 4,
  sec1_device_private_key: 32,
  sec1_device_random: 16,
  sec2_b: 32,
  sec2_session_id: 8,
});

/** Bytes of one recorded entry; the cookie's u32 is laid out little-endian like `sessionIdFromRandom` reads it. */
export function entryBytes(e: RandomnessEntry): Uint8Array {
  if (e.name === "cookie_session_id") {
    const v = e.value!;
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  return fromHex(e.hex!);
}

export interface ReplayRandomness {
  readonly crypto: CryptoPort;
  /** Entries not handed out yet. */
  remaining(): number;
  /** Appends the entries of the next run. */
  push(entries: readonly RandomnessEntry[]): void;
}

/**
 * A CryptoPort whose `random` hands out recorded entries in order, checking that the requested
 * length matches both the entry's bytes and the length its name implies. Everything else is `base`.
 */
export function createReplayRandomness(base: CryptoPort): ReplayRandomness {
  const queue: RandomnessEntry[] = [];
  const crypto: CryptoPort = {
    ...base,
    random(length) {
      const e = queue.shift();
      if (!e) throw new Error(`device drew ${length} random bytes but no recorded entry is left`);
      const bytes = entryBytes(e);
      const expected = EXPECTED_LENGTH[e.name];
      if (expected === undefined) throw new Error(`unknown randomness entry ${e.name}`);
      if (length !== expected || bytes.length !== expected) {
        throw new Error(`device drew ${length} bytes where the recording has ${e.name} (${expected} bytes)`);
      }
      return bytes;
    },
  };
  return {
    crypto,
    remaining: () => queue.length,
    push: (entries) => void queue.push(...entries),
  };
}
