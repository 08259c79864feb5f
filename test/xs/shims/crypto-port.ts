/**
 * XS stand-in for test/helpers/crypto-port.ts: a CryptoPort whose every call goes synchronously to
 * node:crypto on the host (test/helpers/xs-crypto-host.ts) through xsnap's `issueCommand`. On the
 * device these primitives are Moddable's native C modules (crypt, hmac, gcm, ecdsa, rng).
 */
import type { CryptoPort, Hash, HashAlgorithm, StreamCipher } from "../../../firmware/ports/crypto";
import { callHost } from "./host-channel";

const HEX = "0123456789abcdef";

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

type Arg = Uint8Array | string | number | undefined;

function call(op: string, ...args: Arg[]): unknown {
  const encoded = args.map((a) => (a instanceof Uint8Array ? { hex: toHex(a) } : a === undefined ? null : a));
  const reply = callHost({ t: "crypto", op, args: encoded }) as { ok: boolean; value?: unknown; error?: string };
  if (!reply.ok) throw new Error(reply.error ?? `crypto ${op} failed`);
  return reply.value;
}

const bytes = (value: unknown): Uint8Array => fromHex(value as string);

/** CryptoPort backed by the host's node:crypto; same contract as the Node test helper. */
export function getTestCrypto(): CryptoPort {
  return {
    random: (length) => bytes(call("random", length)),
    createHash(algorithm: HashAlgorithm): Hash {
      const id = call("hashCreate", algorithm) as number;
      return {
        update: (data) => void call("hashUpdate", id, data),
        digest: () => bytes(call("hashDigest", id)),
      };
    },
    hash: (algorithm, data) => bytes(call("hash", algorithm, data)),
    hmac: (algorithm, key, data) => bytes(call("hmac", algorithm, key, data)),
    aesCtr(key, iv): StreamCipher {
      const id = call("ctrCreate", key, iv) as number;
      return { process: (data) => bytes(call("ctrProcess", id, data)) };
    },
    aesGcmEncrypt: (key, iv, plaintext, aad) => bytes(call("gcmEncrypt", key, iv, plaintext, aad)),
    aesGcmDecrypt(key, iv, data, aad) {
      const value = call("gcmDecrypt", key, iv, data, aad);
      return value === null ? undefined : bytes(value);
    },
    ecdsaP256Verify: (publicKey, data, signature) => call("ecdsaP256Verify", publicKey, data, signature) as boolean,
    rsaSign: (key, data, padding) => bytes(call("rsaSign", key, data, padding)),
  };
}
