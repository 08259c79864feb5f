import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { KV_LIMITS } from "../../protocol/limits";
import { toHex } from "../../protocol/bytes";
import { isSingleSequence } from "../../protocol/der/reader";
import { crc32 } from "./crc32";

/** What a claimed node needs to reach the cloud over mutual TLS [spec 4]. */
export interface NodeCredentials {
  nodeId: string;
  /** DER X.509 leaf certificate. */
  certificate: Uint8Array;
  /** DER intermediates, leaf issuer first. */
  chain?: Uint8Array[];
  /** PKCS#8 DER private key matching `certificate`. */
  privateKey: Uint8Array;
  mqttHost: string;
  mqttPort: number;
  /** DER CA certificate that signs the broker's certificate. */
  caCertificate?: Uint8Array;
}

/**
 * Flash layout (names <= 15 chars, values <= 4000 bytes, KV_LIMITS). Two slots `a` and `b`;
 * `cur` names the complete one. A save writes the other slot (blob chunks, then its manifest),
 * then flips `cur`: every single write is atomic (KvPort), so a power cut at any point leaves
 * either the old or the new complete set.
 */
export const CredentialsKv = Object.freeze({
  namespace: "rmaker_creds",
  current: "cur",
  /** Slot manifest key: `<slot>m`. Blob chunk key: `<slot>b<blob>c<chunk>`. */
  manifestSuffix: "m",
  slots: Object.freeze(["a", "b"] as const),
  /** Chunk size of large blobs; under `KV_LIMITS.maxValueBytes`. */
  chunkBytes: 3968,
  maxChunks: 8,
  maxChain: 4,
});

type Slot = "a" | "b";

interface BlobRef { readonly length: number; readonly chunks: number; readonly crc: number }

/** Manifest stored as JSON text in `<slot>m`; blob 0 = certificate, 1 = key, 2 = CA, 3.. = chain. */
interface Manifest {
  readonly v: 1;
  readonly nodeId: string;
  readonly host: string;
  readonly port: number;
  readonly blobs: Array<BlobRef | null>;
}

const BLOB_CERT = 0;
const BLOB_KEY = 1;
const BLOB_CA = 2;
const BLOB_CHAIN = 3;

function chunkKey(slot: Slot, blob: number, chunk: number): string {
  return `${slot}b${blob}c${chunk}`;
}

function isSlot(v: unknown): v is Slot {
  return v === "a" || v === "b";
}

function report(log: LogPort | undefined, message: string): undefined {
  log?.log("error", "claim", `stored credentials unusable: ${message}; the node must claim again`);
  return undefined;
}

function readBlob(kv: KvPort, slot: Slot, blob: number, ref: BlobRef): Uint8Array | string {
  if (!(ref.length > 0) || !(ref.chunks > 0) || ref.chunks > CredentialsKv.maxChunks) return `blob ${blob}: bad manifest entry`;
  const out = new Uint8Array(ref.length);
  let pos = 0;
  for (let c = 0; c < ref.chunks; c++) {
    const part = kv.get(CredentialsKv.namespace, chunkKey(slot, blob, c));
    if (!(part instanceof Uint8Array)) return `blob ${blob}: chunk ${c} missing`;
    if (pos + part.length > ref.length) return `blob ${blob}: longer than recorded`;
    out.set(part, pos);
    pos += part.length;
  }
  if (pos !== ref.length) return `blob ${blob}: ${pos} bytes, expected ${ref.length}`;
  if (crc32(out) !== ref.crc) return `blob ${blob}: checksum mismatch`;
  if (!isSingleSequence(out)) return `blob ${blob}: not a DER SEQUENCE`;
  return out;
}

function parseManifest(text: unknown): Manifest | string {
  if (typeof text !== "string") return "manifest missing";
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return "manifest is not JSON";
  }
  const o = m as Partial<Manifest> | null;
  if (!o || typeof o !== "object" || o.v !== 1) return "manifest version unknown";
  if (typeof o.nodeId !== "string" || o.nodeId.length === 0) return "node id empty";
  if (typeof o.host !== "string" || o.host.length === 0) return "MQTT host empty";
  if (typeof o.port !== "number" || !Number.isInteger(o.port) || o.port < 1 || o.port > 65535) return "MQTT port invalid";
  if (!Array.isArray(o.blobs) || o.blobs.length < 2) return "blob list invalid";
  for (const b of o.blobs) {
    if (b !== null && (typeof b !== "object" || typeof b.length !== "number" || typeof b.chunks !== "number" || typeof b.crc !== "number")) return "blob entry invalid";
  }
  return o as Manifest;
}

/**
 * The complete credentials of the current slot, or `undefined` when none are stored or any part
 * is corrupted (missing chunk, wrong length or checksum, not DER, empty node id); corruption is
 * logged on `log` (tag `claim`).
 */
export function loadCredentials(kv: KvPort, log?: LogPort): NodeCredentials | undefined {
  const slot = kv.get(CredentialsKv.namespace, CredentialsKv.current);
  if (slot === undefined) return undefined;
  if (!isSlot(slot)) return report(log, "current-slot key invalid");
  const manifest = parseManifest(kv.get(CredentialsKv.namespace, slot + CredentialsKv.manifestSuffix));
  if (typeof manifest === "string") return report(log, manifest);
  const blobs: Array<Uint8Array | undefined> = [];
  for (let i = 0; i < manifest.blobs.length; i++) {
    const ref = manifest.blobs[i];
    if (ref === null) {
      blobs.push(undefined);
      continue;
    }
    const blob = readBlob(kv, slot, i, ref);
    if (typeof blob === "string") return report(log, blob);
    blobs.push(blob);
  }
  const certificate = blobs[BLOB_CERT];
  const privateKey = blobs[BLOB_KEY];
  if (!certificate || !privateKey) return report(log, "certificate or key missing");
  const creds: NodeCredentials = { nodeId: manifest.nodeId, certificate, privateKey, mqttHost: manifest.host, mqttPort: manifest.port };
  const ca = blobs[BLOB_CA];
  if (ca) creds.caCertificate = ca;
  const chain = blobs.slice(BLOB_CHAIN).filter((b): b is Uint8Array => b !== undefined);
  if (chain.length > 0) creds.chain = chain;
  return creds;
}

function slotKeys(kv: KvPort, slot: Slot): string[] {
  return kv.keys(CredentialsKv.namespace).filter((k) => k.length > 1 && k[0] === slot && (k[1] === "b" || k[1] === "m"));
}

function validateForSave(c: NodeCredentials): void {
  if (typeof c.nodeId !== "string" || c.nodeId.length === 0) throw new Error("credentials: node id empty");
  if (!c.mqttHost) throw new Error("credentials: MQTT host empty");
  if (!Number.isInteger(c.mqttPort) || c.mqttPort < 1 || c.mqttPort > 65535) throw new Error("credentials: MQTT port invalid");
  const blobs: Array<[string, Uint8Array | undefined]> = [["certificate", c.certificate], ["private key", c.privateKey], ["CA certificate", c.caCertificate]];
  for (const b of c.chain ?? []) blobs.push(["chain certificate", b]);
  if ((c.chain?.length ?? 0) > CredentialsKv.maxChain) throw new Error("credentials: chain too long");
  for (const [name, blob] of blobs) {
    if (blob === undefined && name === "CA certificate") continue;
    if (!(blob instanceof Uint8Array) || !isSingleSequence(blob)) throw new Error(`credentials: ${name} is not a DER SEQUENCE`);
    if (blob.length > CredentialsKv.chunkBytes * CredentialsKv.maxChunks) throw new Error(`credentials: ${name} too large`);
  }
}

/**
 * Stores `credentials` power-cut safely: the inactive slot is cleared and written, then `cur` is
 * flipped to it, then the old slot is removed (best effort). Throws (before touching `cur`) on
 * invalid input or when the store fails; the previously stored credentials then stay current.
 */
export function saveCredentials(kv: KvPort, credentials: NodeCredentials): void {
  validateForSave(credentials);
  const ns = CredentialsKv.namespace;
  const old = kv.get(ns, CredentialsKv.current);
  const target: Slot = old === "a" ? "b" : "a";
  for (const k of slotKeys(kv, target)) kv.delete(ns, k);
  const list: Array<Uint8Array | undefined> = [credentials.certificate, credentials.privateKey, credentials.caCertificate, ...(credentials.chain ?? [])];
  const refs: Array<BlobRef | null> = [];
  const size = Math.min(CredentialsKv.chunkBytes, KV_LIMITS.maxValueBytes);
  list.forEach((blob, i) => {
    if (!blob) {
      refs.push(null);
      return;
    }
    let chunks = 0;
    for (let pos = 0; pos < blob.length; pos += size) kv.set(ns, chunkKey(target, i, chunks++), blob.slice(pos, pos + size));
    refs.push({ length: blob.length, chunks, crc: crc32(blob) });
  });
  const manifest: Manifest = { v: 1, nodeId: credentials.nodeId, host: credentials.mqttHost, port: credentials.mqttPort, blobs: refs };
  kv.set(ns, target + CredentialsKv.manifestSuffix, JSON.stringify(manifest));
  kv.set(ns, CredentialsKv.current, target);
  // The new set is current now; leftovers of the old slot are removed here or by the next save.
  try {
    for (const k of slotKeys(kv, target === "a" ? "b" : "a")) kv.delete(ns, k);
  } catch {
    return;
  }
}

/** Forgets the credentials (re-claim on demand): `cur` goes first, so a cut leaves no half set current. */
export function clearCredentials(kv: KvPort): void {
  const ns = CredentialsKv.namespace;
  kv.delete(ns, CredentialsKv.current);
  for (const k of kv.keys(ns)) kv.delete(ns, k);
}

/**
 * The node id a node answers to (provisioning's user mapping, MQTT client id): the stored
 * credentials' one (a host claim may name another MAC), else the base MAC as 12 upper-case hex [spec 4.1].
 */
export function currentNodeId(kv: KvPort, mac: Uint8Array): string {
  return loadCredentials(kv)?.nodeId ?? toHex(mac, true);
}
