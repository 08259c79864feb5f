/** SRP-6a client run as esp_prov computes it [spec 6.6], over firmware/crypto's group maths; no host APIs (runs on XS too). */
import { bigIntToBytes, bigIntToPaddedBytes, bytesToBigInt, modPow, SRP_GROUP_3072, srpMultiplier, srpPrivateKey, type HashFunction } from "../../firmware/crypto/index";
import { concatBytes } from "../../firmware/protocol/bytes";
import type { SrpClientRun } from "../../firmware/protocol/protocomm/client/index";

/** Client side with a = `privateValue` (32 bytes, big-endian); `H` is SHA-512. */
export function createSrpClientRun(H: HashFunction, username: Uint8Array, password: Uint8Array, privateValue: Uint8Array): SrpClientRun {
  const group = SRP_GROUP_3072;
  const { N, g, byteLength } = group;
  const a = bytesToBigInt(privateValue);
  const A = modPow(g, a, N);
  const publicKey = bigIntToPaddedBytes(A, byteLength);
  return {
    publicKey,
    respond(salt, devicePublic) {
      const B = bytesToBigInt(devicePublic);
      if (B % N === 0n) throw new Error("security 2: device sent B = 0 mod N");
      const k = srpMultiplier(group, H);
      const x = srpPrivateKey(H, salt, username, password);
      // [spec 6.6] u = H(PAD(A) | PAD(B)); S = (B - k*g^x)^(a + u*x); K = H(S).
      const u = bytesToBigInt(H(concatBytes(publicKey, bigIntToPaddedBytes(B, byteLength))));
      const base = (((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
      const S = modPow(base, a + u * x, N);
      const K = H(bigIntToBytes(S));
      const hN = H(bigIntToBytes(N));
      const hg = H(bigIntToPaddedBytes(g, byteLength));
      const M = H(concatBytes(hN.map((v, i) => v ^ hg[i]!), H(username), salt, publicKey, devicePublic, K));
      return { proof: M, sessionKey: K, expectedDeviceProof: H(concatBytes(publicKey, M, K)) };
    },
  };
}
