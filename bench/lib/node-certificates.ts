/** Node certificates for load benches: one shared P-256 key, one dev-CA certificate per node id. */
import { webcrypto } from "node:crypto";
import type { CertificateAuthority } from "../../cloud-stub/pki/certificate-authority";
import { Pkcs10CertificateRequestGenerator, PemConverter } from "../../cloud-stub/pki/x509";
import type { NodeCredentials } from "./broker-load-client";

export async function issueBenchNodes(authority: CertificateAuthority, count: number): Promise<NodeCredentials[]> {
  const out: NodeCredentials[] = [];
  const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const keyPem = PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  for (let i = 0; i < count; i++) {
    const nodeId = `BENCH${String(i).padStart(7, "0")}`;
    const csr = await Pkcs10CertificateRequestGenerator.create(
      { name: `CN=${nodeId}`, keys: keys as never, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as never },
      webcrypto as never,
    );
    const issued = await authority.issueFromCsr(csr.toString("pem"), nodeId);
    if (!issued.ok) throw new Error(issued.message);
    out.push({ nodeId, keyPem, certPem: issued.certificatePem });
  }
  return out;
}
