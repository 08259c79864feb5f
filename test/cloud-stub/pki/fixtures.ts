import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import Database from "better-sqlite3";
import { Pkcs10CertificateRequestGenerator, PemConverter } from "../../../cloud-stub/pki/x509";
import { loadOrCreateDevCa } from "../../../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../../../cloud-stub/pki/certificate-authority";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";
import type { ClaimStore } from "../../../cloud-stub/store/claims";

export type CsrKey = "ec-p256" | "rsa-2048" | "ec-p384" | "rsa-1024";

const KeyAlgorithms = Object.freeze({
  "ec-p256": { gen: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } },
  "ec-p384": { gen: { name: "ECDSA", namedCurve: "P-384" }, sign: { name: "ECDSA", hash: "SHA-384" } },
  "rsa-2048": {
    gen: { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  },
  "rsa-1024": {
    gen: { name: "RSASSA-PKCS1-v1_5", modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    sign: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  },
});

export interface DeviceKeyAndCsr {
  csrPem: string;
  keyPem: string;
}

/** A device-side key pair and CSR (subject `CN=<cn>` unless `subject` given) [spec 4.2]. */
export async function makeCsr(cn: string, key: CsrKey = "ec-p256", subject?: string): Promise<DeviceKeyAndCsr> {
  const alg = KeyAlgorithms[key];
  const keys = (await webcrypto.subtle.generateKey(alg.gen, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const csr = await Pkcs10CertificateRequestGenerator.create(
    { name: subject ?? `CN=${cn}`, keys: keys as unknown as CryptoKeyPair, signingAlgorithm: alg.sign },
    webcrypto as unknown as Crypto,
  );
  const keyDer = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  return { csrPem: csr.toString("pem"), keyPem: PemConverter.encode(keyDer, "PRIVATE KEY") };
}

export interface TempPki {
  dir: string;
  db: Database.Database;
  store: ClaimStore;
  authority: CertificateAuthority;
  close(): Promise<void>;
}

/** A dev CA and claim store in a fresh temp data dir (real SQLite file). */
export async function openTempPki(dir?: string): Promise<TempPki> {
  const dataDir = dir ?? (await mkdtemp(join(tmpdir(), "xsr-pki-")));
  const db = new Database(join(dataDir, "cloud.sqlite"));
  const store = openClaimStore(db);
  const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir), store);
  return {
    dir: dataDir,
    db,
    store,
    authority,
    async close() {
      db.close();
      if (!dir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
