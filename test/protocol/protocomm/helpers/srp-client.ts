import { bigIntToBytes, bigIntToPaddedBytes, bytesToBigInt, modPow, srpMultiplier, srpPrivateKey } from "../../../../firmware/crypto/index";
import type { HashFunction, SrpGroup } from "../../../../firmware/crypto/index";
import { concatBytes } from "../../../../firmware/protocol/bytes";

/** Client side of SRP-6a as esp_prov computes it (test-only counterpart of the device code). */
export class SrpClient {
  readonly A: bigint;
  /** A serialized to the full group length (esp_prov sends 384 bytes). */
  readonly publicBytes: Uint8Array;

  constructor(
    private readonly group: SrpGroup,
    private readonly H: HashFunction,
    private readonly username: Uint8Array,
    private readonly password: Uint8Array,
    private readonly a: bigint,
  ) {
    this.A = modPow(group.g, a, group.N);
    this.publicBytes = bigIntToPaddedBytes(this.A, group.byteLength);
  }

  /** Premaster secret S = (B - k·g^x)^(a + u·x) mod N, and the derived K and proof M. */
  respond(salt: Uint8Array, serverPublic: Uint8Array): { S: bigint; K: Uint8Array; M: Uint8Array; expectedServerProof: Uint8Array } {
    const { N, g, byteLength } = this.group;
    const H = this.H;
    const B = bytesToBigInt(serverPublic);
    const k = srpMultiplier(this.group, H);
    const x = srpPrivateKey(H, salt, this.username, this.password);
    const u = bytesToBigInt(H(concatBytes(bigIntToPaddedBytes(this.A, byteLength), bigIntToPaddedBytes(B, byteLength))));
    const base = (((B - ((k * modPow(g, x, N)) % N)) % N) + N) % N;
    const S = modPow(base, this.a + u * x, N);
    const K = H(bigIntToBytes(S));
    const hN = H(bigIntToBytes(N));
    const hg = H(bigIntToPaddedBytes(g, byteLength));
    const M = H(concatBytes(hN.map((v, i) => v ^ hg[i]!), H(this.username), salt, this.publicBytes, bigIntToBytes(B), K));
    return { S, K, M, expectedServerProof: H(concatBytes(this.publicBytes, M, K)) };
  }
}
