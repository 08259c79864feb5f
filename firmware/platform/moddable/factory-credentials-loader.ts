/**
 * Node credentials baked into the app image by `xs-rainmaker flash --credentials board.json` (host
 * claim for a real board): at boot they are copied once into the kv store with `saveCredentials`
 * (the same atomic two-slot write as a claim), then the image copy is ignored. Pure: the resource
 * is read through a function, so tests run it with a fake reader and a memory kv.
 */
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { base64Decode } from "../../protocol/der/pem";
import { isSingleSequence } from "../../protocol/der/reader";
import { crc32 } from "../../core/claiming/crc32";
import { loadCredentials, saveCredentials } from "../../core/claiming/credentials";
import type { NodeCredentials } from "../../core/claiming/credentials";

/** Resource name (manifest `data`) and the kv marker of the image credentials already installed. */
export const FactoryCredentials = Object.freeze({
  resource: "xsr-node-credentials.json",
  format: "xs-rainmaker-node-credentials/1",
  markerNamespace: "xsr_factory",
  markerKey: "installed",
  /** Largest resource accepted (certificate + key + CA + chain as base64, with room). */
  maxBytes: 48 * 1024,
});

/** Returns the resource's bytes, or undefined when the image has none. */
export type ResourceReader = (name: string) => Uint8Array | undefined;

/**
 * - `absent`: the image carries no credentials.
 * - `installed`: stored into the kv (first boot after flashing).
 * - `already`: installed on an earlier boot; the image copy is ignored.
 * - `kept`: the kv holds valid credentials of another certificate; they win.
 * - `invalid`: the resource is unusable (logged); nothing stored.
 */
export type FactoryInstallOutcome = "absent" | "installed" | "already" | "kept" | "invalid";

function fingerprint(resource: Uint8Array): string {
  return (crc32(resource) >>> 0).toString(16).padStart(8, "0") + ":" + resource.length.toString(16);
}

function der(value: unknown, field: string): Uint8Array {
  if (typeof value !== "string" || value.length === 0) throw new Error(`${field} missing`);
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(value);
  } catch {
    throw new Error(`${field} is not base64`);
  }
  if (!isSingleSequence(bytes)) throw new Error(`${field} is not DER`);
  return bytes;
}

/**
 * The flash step writes ASCII only (base64, node id and host patterns). Decoded in 256-character
 * pieces: one `String.fromCharCode` call with thousands of arguments overflows the XS stack.
 */
function asciiText(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 256) {
    const piece = Array.from(bytes.subarray(i, i + 256));
    if (piece.some((b) => b >= 0x80)) throw new Error("resource is not ASCII");
    out += String.fromCharCode.apply(null, piece);
  }
  return out;
}

/** Parses the resource written by the flash step (the board file's fields, no `preferences`). */
export function parseFactoryCredentials(resource: Uint8Array): NodeCredentials {
  if (resource.length > FactoryCredentials.maxBytes) throw new Error(`resource over ${FactoryCredentials.maxBytes} bytes`);
  const doc = JSON.parse(asciiText(resource)) as Record<string, unknown> | null;
  if (doc === null || typeof doc !== "object") throw new Error("not a JSON object");
  if (doc["format"] !== FactoryCredentials.format) throw new Error(`format is not ${FactoryCredentials.format}`);
  const nodeId = doc["node_id"];
  const host = doc["mqtt_host"];
  const port = doc["mqtt_port"];
  if (typeof nodeId !== "string" || nodeId.length === 0) throw new Error("node_id missing");
  if (typeof host !== "string" || host.length === 0) throw new Error("mqtt_host missing");
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error("mqtt_port is not 1..65535");
  const chain = doc["chain"] ?? [];
  if (!Array.isArray(chain)) throw new Error("chain is not a list");
  const creds: NodeCredentials = {
    nodeId,
    certificate: der(doc["certificate"], "certificate"),
    privateKey: der(doc["private_key"], "private_key"),
    mqttHost: host,
    mqttPort: port,
  };
  if (chain.length > 0) creds.chain = chain.map((c, i) => der(c, `chain[${i}]`));
  const ca = doc["ca_certificate"];
  if (ca !== null && ca !== undefined) creds.caCertificate = der(ca, "ca_certificate");
  return creds;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Copies the image's credentials into the kv at first boot. Call before the agent loads its
 * credentials. A power cut before the marker is written is harmless: the next boot finds the same
 * certificate stored and only writes the marker.
 */
export function installFactoryCredentials(read: ResourceReader, kv: KvPort, log: LogPort): FactoryInstallOutcome {
  let resource: Uint8Array | undefined;
  try {
    resource = read(FactoryCredentials.resource);
  } catch (error) {
    log.log("error", "claim", `image credentials unreadable: ${(error as Error).message}`);
    return "invalid";
  }
  if (resource === undefined) return "absent";
  const mark = fingerprint(resource);
  if (kv.get(FactoryCredentials.markerNamespace, FactoryCredentials.markerKey) === mark) return "already";
  let image: NodeCredentials;
  try {
    image = parseFactoryCredentials(resource);
  } catch (error) {
    log.log("error", "claim", `image credentials ignored: ${(error as Error).message}`);
    return "invalid";
  }
  const stored = loadCredentials(kv, log);
  if (stored && !sameBytes(stored.certificate, image.certificate)) {
    log.log("warn", "claim", `stored credentials of node ${stored.nodeId} kept; the image's for node ${image.nodeId} are used only once the stored ones are cleared`);
    return "kept";
  }
  if (!stored) {
    try {
      saveCredentials(kv, image);
    } catch (error) {
      log.log("error", "claim", `image credentials not stored: ${(error as Error).message}`);
      return "invalid";
    }
  }
  try {
    kv.set(FactoryCredentials.markerNamespace, FactoryCredentials.markerKey, mark);
  } catch (error) {
    // the credentials are stored; the next boot finds the same certificate and writes the marker
    log.log("warn", "claim", `image credentials marker not written: ${(error as Error).message}`);
  }
  log.log("info", "claim", stored ? `node ${image.nodeId}: image credentials already stored` : `node ${image.nodeId}: credentials installed from the firmware image`);
  return "installed";
}
