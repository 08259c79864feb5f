/** P-256 group order n: r and s must lie in [1, n-1] (SEC 1 sec. 4.1.4). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

function readInteger(der: Uint8Array, at: number): { value: bigint; next: number } | undefined {
  if (der[at] !== 0x02) return undefined;
  const length = der[at + 1];
  if (length === undefined || length === 0 || length > 33 || at + 2 + length > der.length) return undefined;
  const body = der.subarray(at + 2, at + 2 + length);
  if (body[0]! & 0x80) return undefined;
  if (length > 1 && body[0] === 0 && !(body[1]! & 0x80)) return undefined;
  let value = 0n;
  for (const byte of body) value = (value << 8n) | BigInt(byte);
  return { value, next: at + 2 + length };
}

function toFixed32(value: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
}

/**
 * Strict DER `SEQUENCE { INTEGER r, INTEGER s }` of a P-256 signature to the 64-byte `r || s`
 * form; `undefined` for anything malformed or out of range (the SDK's BER reader does not check).
 */
export function p256SignatureFromDer(der: Uint8Array): Uint8Array | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const r = readInteger(der, 2);
  if (!r) return undefined;
  const s = readInteger(der, r.next);
  if (!s || s.next !== der.length) return undefined;
  for (const v of [r.value, s.value]) if (v <= 0n || v >= P256_ORDER) return undefined;
  const out = new Uint8Array(64);
  out.set(toFixed32(r.value));
  out.set(toFixed32(s.value), 32);
  return out;
}
