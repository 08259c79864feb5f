/** Deterministic payload bytes for OTA fixtures (the signed manifests in image-fixtures.ts hash these). */
export function testPayload(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 7 + (i >> 8)) & 255;
  return out;
}
