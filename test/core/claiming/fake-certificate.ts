import { derBitString, derElement, derInteger, derOid, derSequence, derContext } from "../../../firmware/protocol/der/writer";
import { commonNameName } from "../../../firmware/protocol/der/csr";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";

function generalizedTime(ms: number): Uint8Array {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const text = `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return derElement(0x18, utf8Encode(text));
}

/** A structurally valid X.509 certificate (unsigned: a zero signature) for the state-machine tests. */
export function fakeCertificate(cn: string, notAfter: number, serial = 1, subjectPublicKeyInfo?: Uint8Array): Uint8Array {
  const alg = derSequence(derOid("1.2.840.113549.1.1.11"));
  const spki = subjectPublicKeyInfo ?? derSequence(derSequence(derOid("1.2.840.10045.2.1")), derBitString(new Uint8Array(65)));
  const tbs = derSequence(derContext(0, derInteger(2)), derInteger(serial), alg, commonNameName("ca"), derSequence(generalizedTime(notAfter - 365 * 86400_000), generalizedTime(notAfter)), commonNameName(cn), spki);
  return derSequence(tbs, alg, derBitString(new Uint8Array(64)));
}

export function fakeCredentials(nodeId: string, notAfter: number, serial = 1): NodeCredentials {
  return { nodeId, certificate: fakeCertificate(nodeId, notAfter, serial), privateKey: derSequence(derInteger(serial)), mqttHost: "mqtt.local", mqttPort: 8883 };
}
