/**
 * `xs-rainmaker flash --credentials board.json`: checks a board credentials file (written by
 * `xs-rainmaker claim --mac MAC --out board.json`) field by field and turns it into the build-time
 * resource `xsr-node-credentials.json` (the credentials, no `preferences`) that
 * generated-manifest.ts adds to `data`; on the board
 * `firmware/platform/moddable/factory-credentials.ts` stores it once in the kv.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { saveCredentials, CredentialsKv } from "../../firmware/core/claiming/credentials";
import type { NodeCredentials } from "../../firmware/core/claiming/credentials";
import { base64Decode, base64Encode } from "../../firmware/protocol/der/pem";
import { FactoryCredentials } from "../../firmware/platform/moddable/factory-credentials-loader";
import { createMemoryKv } from "../../host-sim/fakes/kv";

export interface BoardFileCheck {
  credentials?: NodeCredentials;
  /** One line per unusable field, `<field>: <why>`. */
  problems: string[];
}

const NodeIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const HostPattern = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.?$/;

function decode(value: unknown, field: string, problems: string[]): Uint8Array | undefined {
  if (typeof value !== "string" || value.length === 0) {
    problems.push(`${field}: missing (base64 DER expected)`);
    return undefined;
  }
  try {
    return base64Decode(value);
  } catch {
    problems.push(`${field}: not base64`);
    return undefined;
  }
}

function certificate(value: unknown, field: string, problems: string[]): { der: Uint8Array; cert: X509Certificate } | undefined {
  const der = decode(value, field, problems);
  if (!der) return undefined;
  try {
    return { der, cert: new X509Certificate(der) };
  } catch (error) {
    problems.push(`${field}: not a DER X.509 certificate (${(error as Error).message})`);
    return undefined;
  }
}

function rsaKey(value: unknown, problems: string[]): { der: Uint8Array; key: KeyObject } | undefined {
  const der = decode(value, "private_key", problems);
  if (!der) return undefined;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: "der", type: "pkcs8" });
  } catch (error) {
    problems.push(`private_key: not a PKCS#8 DER private key (${(error as Error).message})`);
    return undefined;
  }
  // Moddable's TLS client authentication signs only with RSA [shared/spec/moddable.md]
  if (key.asymmetricKeyType !== "rsa") {
    problems.push(`private_key: ${key.asymmetricKeyType ?? "unknown"} key, but the board's TLS signs only with RSA`);
    return undefined;
  }
  return { der, key };
}

function commonName(cert: X509Certificate): string | undefined {
  return /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
}

/** Validates the text of a board credentials file; `credentials` is set only when nothing is wrong. */
export function checkBoardFile(text: string): BoardFileCheck {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return { problems: [`file: not JSON (${(error as Error).message})`] };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return { problems: ["file: not a JSON object"] };
  const d = doc as Record<string, unknown>;
  if (d["format"] !== FactoryCredentials.format) problems.push(`format: expected "${FactoryCredentials.format}", found ${JSON.stringify(d["format"] ?? null)}`);

  const nodeId = d["node_id"];
  if (typeof nodeId !== "string" || !NodeIdPattern.test(nodeId)) problems.push(`node_id: expected 1-64 letters, digits, "_" or "-", found ${JSON.stringify(nodeId ?? null)}`);
  const host = d["mqtt_host"];
  if (typeof host !== "string" || !HostPattern.test(host)) problems.push(`mqtt_host: expected a host name or IPv4 address, found ${JSON.stringify(host ?? null)}`);
  const port = d["mqtt_port"];
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) problems.push(`mqtt_port: expected an integer 1..65535, found ${JSON.stringify(port ?? null)}`);

  const leaf = certificate(d["certificate"], "certificate", problems);
  const key = rsaKey(d["private_key"], problems);
  if (leaf && typeof nodeId === "string" && NodeIdPattern.test(nodeId)) {
    const cn = commonName(leaf.cert);
    if (cn !== undefined && cn !== nodeId) problems.push(`certificate: subject CN ${cn} is not node_id ${nodeId}`);
  }
  if (leaf && key && !leaf.cert.checkPrivateKey(key.key)) problems.push("private_key: does not match the certificate's public key");
  const caValue = d["ca_certificate"];
  const ca = caValue === null || caValue === undefined ? undefined : certificate(caValue, "ca_certificate", problems);
  const chainValue = d["chain"] ?? [];
  const chain: Uint8Array[] = [];
  if (!Array.isArray(chainValue)) problems.push("chain: expected a list of base64 DER certificates");
  else if (chainValue.length > CredentialsKv.maxChain) problems.push(`chain: ${chainValue.length} certificates, at most ${CredentialsKv.maxChain}`);
  else chainValue.forEach((c, i) => {
    const one = certificate(c, `chain[${i}]`, problems);
    if (one) chain.push(one.der);
  });

  if (problems.length > 0 || !leaf || !key) return { problems };
  const credentials: NodeCredentials = {
    nodeId: nodeId as string,
    certificate: leaf.der,
    privateKey: key.der,
    mqttHost: host as string,
    mqttPort: port as number,
    chain,
    ...(ca ? { caCertificate: ca.der } : {}),
  };
  try {
    // the device stores them with the same function: sizes over the Preference limits fail here
    saveCredentials(createMemoryKv(), credentials);
  } catch (error) {
    return { problems: [`file: the board's kv would refuse these credentials (${(error as Error).message})`] };
  }
  return { credentials, problems };
}

/** The credentials as the board file and the image resource spell them (base64 DER). */
export function credentialsFields(creds: NodeCredentials): Record<string, unknown> {
  return {
    format: FactoryCredentials.format,
    node_id: creds.nodeId,
    mqtt_host: creds.mqttHost,
    mqtt_port: creds.mqttPort,
    certificate: base64Encode(creds.certificate),
    private_key: base64Encode(creds.privateKey),
    ca_certificate: creds.caCertificate ? base64Encode(creds.caCertificate) : null,
    chain: (creds.chain ?? []).map(base64Encode),
  };
}

/** The resource the board reads: the board file's fields, without the `preferences` list. */
export function credentialsResource(creds: NodeCredentials): string {
  return `${JSON.stringify(credentialsFields(creds))}\n`;
}
