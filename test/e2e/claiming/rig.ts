import type { HttpClientPort } from "../../../firmware/ports/http-client";
import { pemToDerBlocks, derToPem } from "../../../firmware/protocol/der/pem";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";
import { createHttpClient } from "../../../host-sim/adapters/http-client";
import { startCloudHarness } from "../../cloud-stub/claim/fixtures";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import type { CloudServerOptions } from "../../../cloud-stub/server";

export const FACTORY_SECRET_HEX = "00112233445566778899aabbccddeeff";

/** The cloud stub with generous claim limits (these tests claim the same MAC many times). */
export async function startClaimCloud(macs: string[]): Promise<CloudHarness> {
  const claimLimits: CloudServerOptions["claimLimits"] = { attemptsPerMac: 10_000, attemptsPerAddress: 100_000 };
  const h = await startCloudHarness({ claimLimits });
  h.server.claims.importFactoryDevices(macs.map((mac) => ({ mac, secretHex: FACTORY_SECRET_HEX, pop: "abcd1234", batch: "test", importedAt: Date.now() })));
  return h;
}

/** The stub's dev CA as DER (trust anchor of its HTTPS and MQTT listeners). */
export function stubCa(h: CloudHarness): Uint8Array {
  return pemToDerBlocks(h.server.authority.caPem)[0].der;
}

/** The host HTTP client, counting requests by path. */
export function countingHttp(): HttpClientPort & { paths: string[] } {
  const inner = createHttpClient();
  const paths: string[] = [];
  return {
    paths,
    request(req) {
      paths.push(new URL(req.url).pathname);
      return inner.request(req);
    },
  };
}

/** Proves the credentials work: mutual-TLS MQTT connect to the stub's broker with client id = node id. */
export async function connectWith(h: CloudHarness, creds: NodeCredentials): Promise<void> {
  const client = await h.mqttConnect(creds.nodeId, derToPem(creds.privateKey, "PRIVATE KEY"), derToPem(creds.certificate, "CERTIFICATE"));
  await client.endAsync();
}
