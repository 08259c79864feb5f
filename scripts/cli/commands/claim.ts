/**
 * `xs-rainmaker claim`: host claim [spec 4.5]. Gets node credentials from the claim service and
 * writes them where the device reads them:
 * - `--device-dir DIR`: a simulated device's flash (`DIR/flash.cbor`, the same layout the firmware
 *   loads with loadCredentials); MAC and factory secret come from `DIR/factory.json`;
 * - `--mac MAC --out FILE`: a board credentials file (JSON, see firmware/core/claiming/README.md)
 *   whose `preferences` list the flash step writes into the board's Preference store.
 * Self claim (factory secret) by default; `--user` claims as the logged-in user instead.
 * The key is RSA-2048 (the only key Moddable's TLS can sign with), made here by node:crypto.
 */
import type { Command } from "commander";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";
import { CredentialsKv, saveCredentials } from "../../../firmware/core/claiming/credentials";
import { nodeCsrPem, nodeKeyFromPkcs8 } from "../../../firmware/core/claiming/node-key";
import { credentialsFromReply, nodeIdFromMac, selfClaim } from "../../../firmware/core/claiming/self-claim";
import { claimCloudOverHttp } from "../../../firmware/core/claiming/assisted-relay";
import { fromHex } from "../../../firmware/protocol/bytes";
import { pemToDerBlocks, base64Encode } from "../../../firmware/protocol/der/pem";
import { createHttpClient } from "../../../host-sim/adapters/http-client";
import { createCrypto } from "../../../host-sim/adapters/crypto";
import { createKv } from "../../../host-sim/adapters/kv";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { DefaultCloudConfig } from "../../../cloud-stub/deps";
import { PkiFiles } from "../../../cloud-stub/pki/pki-constants";
import { loadSession } from "../cloud-client/profile";
import { profileDir, withProfileOption } from "../cloud-client/command-kit";
import { credentialsFields } from "../../moddable/board-credentials";
import { FactoryCredentials } from "../../../firmware/platform/moddable/factory-credentials-loader";

export interface ClaimFlags {
  cloud: string;
  deviceDir?: string;
  mac?: string;
  secret?: string;
  out?: string;
  ca?: string;
  data?: string;
  platform: string;
  user?: boolean;
  keySource: string;
  profileDir?: string;
  force?: boolean;
}

/** Layout tag of the board credentials file. */
export const BoardCredentialsFormat = FactoryCredentials.format;

function trustAnchors(flags: ClaimFlags): Uint8Array[] {
  const file = flags.ca ?? join(resolve(flags.data ?? DefaultCloudConfig.dataDir), PkiFiles.caCert);
  if (!flags.cloud.startsWith("https://")) return [];
  if (!existsSync(file)) throw new Error(`no CA for ${flags.cloud}: ${file} does not exist (pass --ca <pem>)`);
  return pemToDerBlocks(readFileSync(file, "utf8")).filter((b) => b.label === "CERTIFICATE").map((b) => b.der);
}

function deviceIdentity(flags: ClaimFlags): { mac: string; secret?: Uint8Array } {
  if (flags.deviceDir) {
    const file = join(resolve(flags.deviceDir), "factory.json");
    if (!existsSync(file)) throw new Error(`${file} does not exist: create the device first (xs-rainmaker sim) or pass --mac`);
    const factory = JSON.parse(readFileSync(file, "utf8")) as { mac?: string; secretHex?: string };
    if (!factory.mac) throw new Error(`${file} has no mac`);
    return { mac: factory.mac, secret: factory.secretHex ? fromHex(factory.secretHex) : undefined };
  }
  if (!flags.mac) throw new Error("pass --device-dir DIR (simulated device) or --mac MAC (board)");
  return { mac: flags.mac, secret: flags.secret ? fromHex(flags.secret) : undefined };
}

/** Claims over the network and returns the credentials (nothing written yet). */
export async function claimForHost(flags: ClaimFlags): Promise<NodeCredentials> {
  const { mac, secret } = deviceIdentity(flags);
  const nodeId = nodeIdFromMac(mac);
  const http = createHttpClient();
  const crypto = createCrypto();
  const ca = trustAnchors(flags);
  const now = Date.now();
  if (flags.user) {
    const session = loadSession(profileDir(flags));
    if (!session) throw new Error("--user needs a login: run `xs-rainmaker login --user <name>` first");
    const cloud = claimCloudOverHttp({ http, baseUrl: flags.cloud, accessToken: session.accesstoken, ca });
    const initiate = await cloud.initiate({ mac_addr: nodeId, platform: flags.platform });
    const claimedId = typeof initiate["node_id"] === "string" ? initiate["node_id"] : "";
    if (!claimedId) throw new Error("claim/initiate answered without node_id");
    const key = hostRsaKey();
    const reply = await cloud.verify({ auth_id: initiate["auth_id"], csr: nodeCsrPem(claimedId, key, crypto).trimEnd() });
    return credentialsFromReply(reply, claimedId, key, now);
  }
  if (!secret) throw new Error("self claim needs the factory secret (factory.json secretHex or --secret HEX); or pass --user");
  const keySource = flags.keySource === "server" ? "server" : "device";
  if (flags.keySource !== "server" && flags.keySource !== "device") throw new Error(`--key must be device or server, not ${flags.keySource}`);
  // selfClaim keeps its pending key in a throw-away store here: the key lives in this process only
  return selfClaim({ http, crypto, kv: createMemoryKv(), baseUrl: flags.cloud, ca, mac: nodeId, platform: flags.platform, factorySecret: secret, keySource, now });
}

function hostRsaKey() {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  return nodeKeyFromPkcs8(new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })));
}

/** Board file: the credentials as base64 DER, plus the exact Preference entries the firmware reads. */
export function boardCredentialsFile(creds: NodeCredentials): Record<string, unknown> {
  const kv = createMemoryKv();
  saveCredentials(kv, creds);
  const entries = kv.snapshot()[CredentialsKv.namespace] ?? {};
  const preferences = Object.keys(entries).sort().map((key) => {
    const value = entries[key];
    return value instanceof Uint8Array ? { namespace: CredentialsKv.namespace, key, type: "bytes", base64: base64Encode(value) } : { namespace: CredentialsKv.namespace, key, type: "string", value: String(value) };
  });
  return { ...credentialsFields(creds), preferences };
}

export async function runClaim(flags: ClaimFlags, print: (line: string) => void): Promise<NodeCredentials> {
  if (flags.deviceDir && flags.out) throw new Error("pass either --device-dir or --out, not both");
  if (!flags.deviceDir && !flags.out) throw new Error("pass --device-dir DIR (simulated device) or --out FILE (board credentials file)");
  const creds = await claimForHost(flags);
  if (flags.deviceDir) {
    const kv = createKv({ file: join(resolve(flags.deviceDir), "flash.cbor") });
    saveCredentials(kv, creds);
    print(`node ${creds.nodeId} claimed; credentials written to ${join(flags.deviceDir, "flash.cbor")} (MQTT ${creds.mqttHost}:${creds.mqttPort})`);
  } else {
    const text = `${JSON.stringify(boardCredentialsFile(creds), null, 2)}\n`;
    try {
      await writeFile(resolve(flags.out!), text, { flag: flags.force ? "w" : "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new Error(`${flags.out} exists; pass --force to overwrite it`);
      throw error;
    }
    print(`node ${creds.nodeId} claimed; board credentials written to ${flags.out} (keep it secret: it holds the private key)`);
  }
  return creds;
}

export function register(program: Command): void {
  withProfileOption(program
    .command("claim")
    .description("host claim: get node credentials from the claim service for a simulated device or a board")
    .requiredOption("--cloud <url>", "claim service base URL, e.g. https://127.0.0.1:8443")
    .option("--device-dir <dir>", "simulated device directory (factory.json, flash.cbor)")
    .option("--mac <mac>", "board base MAC (12 hex digits)")
    .option("--secret <hex>", "board factory secret (self claim)")
    .option("--out <file>", "board credentials file to write (JSON)")
    .option("--ca <pem>", "CA that signs the claim service's HTTPS certificate (default: the local cloud's dev CA)")
    .option("--data <dir>", "data directory of the local cloud (for its dev CA)", DefaultCloudConfig.dataDir)
    .option("--platform <name>", "IDF target sent to the claim service", "esp32")
    .option("--user", "claim as the logged-in user (assisted/host claim) instead of with the factory secret")
    .option("--key <source>", "self claim key: device (CSR) or server (generated by the service, HTTPS only)", "device")
    .option("--force", "overwrite an existing --out file"))
    .action(async (opts: Omit<ClaimFlags, "keySource"> & { key: string }) => {
      try {
        await runClaim({ ...opts, keySource: opts.key }, (line) => console.log(line));
      } catch (error) {
        console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
      }
    });
}
