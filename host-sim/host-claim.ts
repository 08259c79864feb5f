/**
 * Host claim for simulated devices [spec 4.5]: what the CLI does for a board, done over the claim
 * service's HTTPS `claim/server-key` route with a logged-in user's token (RSA key made by the
 * service, since Moddable's TLS signs only with RSA). Device-side claiming plugs into the agent's
 * `claim` hook instead when it is used.
 */
import { request } from "node:https";
import type { NodeCredentials } from "../firmware/core/claiming/credentials";
import { toHex } from "../firmware/protocol/bytes";

export interface HostClaimOptions {
  /** HTTPS base of the cloud (`CloudServer.urls.https`). */
  httpsUrl: string;
  /** PEM of the dev CA that signs the cloud's HTTPS and MQTT server certificates. */
  caPem: string;
  /** A user access token (`POST /v1/login2`). */
  token: string;
}

/** DER bytes of every PEM block with this label, in order. */
export function pemBlocks(pem: string, label: string): Uint8Array[] {
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, "g");
  const out: Uint8Array[] = [];
  for (const m of pem.matchAll(re)) out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ""), "base64")));
  return out;
}

function postJson(url: string, body: unknown, caPem: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", ca: caPem, timeout: 15_000, headers: { "content-type": "application/json", authorization: token } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          reject(new Error(`claim service answered ${res.statusCode} with non-JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error("claim service timed out")));
    req.on("error", reject);
    req.end(payload);
  });
}

/** Claim the device with this MAC; returns credentials in the agent's shape (DER). */
export async function hostClaim(mac: Uint8Array, options: HostClaimOptions): Promise<NodeCredentials> {
  const url = new URL("/claim/server-key", options.httpsUrl).href;
  const reply = await postJson(url, { mac_addr: toHex(mac, true) }, options.caPem, options.token);
  if (reply.status !== 200) throw new Error(`claim refused (${reply.status}): ${JSON.stringify(reply.body)}`);
  const { node_id: nodeId, certificate, private_key: key, mqtt_host: host, mqtt_port: port } = reply.body as Record<string, string | number | undefined>;
  if (typeof nodeId !== "string" || typeof certificate !== "string" || typeof key !== "string" || typeof host !== "string") {
    throw new Error("claim reply lacks node_id, certificate, private_key or mqtt_host");
  }
  const certs = pemBlocks(certificate, "CERTIFICATE");
  const [privateKey] = pemBlocks(key, "PRIVATE KEY");
  const [ca] = pemBlocks(options.caPem, "CERTIFICATE");
  if (certs.length === 0 || !privateKey) throw new Error("claim reply holds no certificate or key PEM");
  // the reply chain is leaf then the dev CA; the CA also signs the broker certificate
  const chain = certs.slice(1).filter((c) => !ca || Buffer.compare(Buffer.from(c), Buffer.from(ca)) !== 0);
  const creds: NodeCredentials = { nodeId, certificate: certs[0]!, privateKey, mqttHost: host, mqttPort: typeof port === "number" ? port : 8883 };
  if (chain.length > 0) creds.chain = chain;
  if (ca) creds.caCertificate = ca;
  return creds;
}
