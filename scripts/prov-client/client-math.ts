/** Client arithmetic for the host: X25519 from node:crypto, SRP-6a client from firmware/crypto's group maths [spec 6.5, 6.6]. */
import { createHash, createPrivateKey, createPublicKey, diffieHellman } from "node:crypto";
import { bigIntToBytes, bigIntToPaddedBytes, bytesToBigInt, modPow, SRP_GROUP_3072, srpMultiplier, srpPrivateKey } from "../../firmware/crypto/index";
import type { ClientMath, SrpClientRun } from "../../firmware/protocol/protocomm/client/index";

const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const X25519_SPKI_PREFIX = Buffer.from("302a300506032b656e032100", "hex");

const sha512 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha512").update(data).digest());

const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

function privateKeyObject(scalar: Uint8Array) {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, scalar]), format: "der", type: "pkcs8" });
}

function srpClient(username: Uint8Array, password: Uint8Array, privateValue: Uint8Array): SrpClientRun {
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
      const k = srpMultiplier(group, sha512);
      const x = srpPrivateKey(sha512, salt, username, password);
      // [spec 6.6] u = H(PAD(A) | PAD(B)); S = (B - k*g^x)^(a + u*x); K = H(S).
      const u = bytesToBigInt(sha512(cat(publicKey, bigIntToPaddedBytes(B, byteLength))));
      const base = (((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
      const S = modPow(base, a + u * x, N);
      const K = sha512(bigIntToBytes(S));
      const hN = sha512(bigIntToBytes(N));
      const hg = sha512(bigIntToPaddedBytes(g, byteLength));
      const M = sha512(cat(hN.map((v, i) => v ^ hg[i]!), sha512(username), salt, publicKey, devicePublic, K));
      return { proof: M, sessionKey: K, expectedDeviceProof: sha512(cat(publicKey, M, K)) };
    },
  };
}

export function createHostClientMath(): ClientMath {
  return Object.freeze({
    x25519PublicKey: (scalar: Uint8Array) =>
      new Uint8Array(createPublicKey(privateKeyObject(scalar)).export({ format: "der", type: "spki" }).subarray(X25519_SPKI_PREFIX.length)),
    x25519: (scalar: Uint8Array, u: Uint8Array) =>
      new Uint8Array(
        diffieHellman({
          privateKey: privateKeyObject(scalar),
          publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, u]), format: "der", type: "spki" }),
        }),
      ),
    srpClient,
  });
}
