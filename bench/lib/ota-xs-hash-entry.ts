/**
 * XS side of bench/ota-xs-hash.ts: hashes 1 MB the way the device OTA module does (4 KB chunks through
 * the CryptoPort, here bridged to the host's node:crypto) and with plain-JS SHA-256 in the interpreter.
 * Installs `globalThis.otaHashBench`.
 */
import { toHex } from "../../firmware/protocol/bytes";
import { getTestCrypto } from "../../test/xs/shims/crypto-port";
import { sha256 } from "./sha256-js";

const data = new Uint8Array(1024 * 1024);
for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 8)) & 255;
const crypto = getTestCrypto();

(globalThis as Record<string, unknown>).otaHashBench = {
  pureJs: () => toHex(sha256(data)),
  bridged(chunk: number) {
    const hash = crypto.createHash("SHA-256");
    for (let off = 0; off < data.length; off += chunk) hash.update(data.subarray(off, off + chunk));
    return toHex(hash.digest());
  },
};
