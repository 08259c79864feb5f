/**
 * XS side of bench/claim.ts: device-side claim steps on minimal in-bench ports. Random bytes come
 * from a xorshift generator (timing only; the device uses its RNG), the RSA signature is a stand-in
 * of the right size (the board signs natively through Moddable's crypto).
 * Installs `globalThis.claimBench`. Bench code only: it reads XS's `performance.now`.
 */
import { generateRsaKey, rsaKeySteps } from "../../firmware/crypto/rsa-keygen";
import { rsaPkcs8, rsaSubjectPublicKeyInfo } from "../../firmware/protocol/der/keys";
import { buildCsr, csrPem } from "../../firmware/protocol/der/csr";

function xorshift(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      out[i] = s & 255;
    }
    return out;
  };
}

let seed = 1;
let last: ReturnType<typeof generateRsaKey> | undefined;

const claimBench = {
  keygen(bits: number): number {
    last = generateRsaKey(xorshift(seed++ * 2654435761), bits);
    return last.n.toString(16).length * 4;
  },
  /** Longest stretch between two yields of the stepped generation: the loop's worst blocking time. */
  longestStep(bits: number): { steps: number; longestMs: number } {
    const steps = rsaKeySteps(xorshift(seed++ * 2654435761), bits);
    let longestMs = 0;
    let count = 0;
    for (;;) {
      const t0 = performance.now();
      const r = steps.next();
      longestMs = Math.max(longestMs, performance.now() - t0);
      count++;
      if (r.done) {
        last = r.value;
        return { steps: count, longestMs };
      }
    }
  },
  csr(): number {
    if (!last) throw new Error("no key yet");
    const key = last;
    const pkcs8 = rsaPkcs8(key);
    const der = buildCsr("A1B2C3D4E5F6", { algorithm: "sha256-rsa", subjectPublicKeyInfo: rsaSubjectPublicKeyInfo(key.n, key.e), sign: () => new Uint8Array(256) });
    return csrPem(der).length + pkcs8.length;
  },
};
(globalThis as unknown as { claimBench: typeof claimBench }).claimBench = claimBench;
