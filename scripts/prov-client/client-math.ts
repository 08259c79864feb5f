/** Client arithmetic for the host: X25519 from node:crypto, SRP-6a client from firmware/crypto's group maths [spec 6.5, 6.6]. */
import { createHash, createPrivateKey, createPublicKey, diffieHellman } from "node:crypto";
import type { ClientMath } from "../../firmware/protocol/protocomm/client/index";
import { createSrpClientRun } from "./srp-client";

const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const X25519_SPKI_PREFIX = Buffer.from("302a300506032b656e032100", "hex");

const sha512 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha512").update(data).digest());

function privateKeyObject(scalar: Uint8Array) {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8_PREFIX, scalar]), format: "der", type: "pkcs8" });
}

export function createHostClientMath(): ClientMath {
  const math: ClientMath = {
    x25519PublicKey: (scalar: Uint8Array) =>
      new Uint8Array(createPublicKey(privateKeyObject(scalar)).export({ format: "der", type: "spki" }).subarray(X25519_SPKI_PREFIX.length)),
    x25519: (scalar: Uint8Array, u: Uint8Array) =>
      new Uint8Array(
        diffieHellman({
          privateKey: privateKeyObject(scalar),
          publicKey: createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, u]), format: "der", type: "spki" }),
        }),
      ),
    srpClient: (username, password, privateValue) => createSrpClientRun(sha512, username, password, privateValue),
  };
  return Object.freeze(math);
}
