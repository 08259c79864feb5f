import { toHex } from "../../protocol/bytes";

/** Where the provisioning state machine keeps its data (names <= 15 chars, KV_LIMITS). */
export const ProvisioningKv = Object.freeze({
  /** Factory data [spec 4.1]: 64 random bytes (bytes or 128 hex chars). */
  factoryNamespace: "fctry",
  factoryRandom: "random",
  /** Station credentials written once the device joined the network. */
  wifiNamespace: "wifi_sta",
  ssid: "ssid",
  passphrase: "passphrase",
  bssid: "bssid",
  channel: "channel",
  /** Provisioning bookkeeping. */
  provNamespace: "prov",
  /** Set to true to ask for provisioning again at next start. */
  reprovision: "reprov",
  sec2Salt: "sec2_salt",
  sec2Verifier: "sec2_verifier",
  /** Tag of the (username, PoP) the cached verifier belongs to. */
  sec2Tag: "sec2_tag",
  /** Legacy user-node association [spec 5.1], published later on `user/mapping`. */
  userMappingNamespace: "user_map",
  userId: "user_id",
  secretKey: "secret_key",
});

/** The name and proof of possession a device advertises while provisioning [spec 6.7]. */
export interface ProvisioningIdentity {
  /** `PROV_` + 6 lowercase hex: SoftAP SSID / BLE device name. */
  readonly serviceName: string;
  /** 8 lowercase hex. */
  readonly pop: string;
  /** Which bytes the values came from. */
  readonly source: "factory-random" | "mac";
}

/** Minimal length of a usable factory `random` (4 PoP bytes + 3 name bytes). */
const MIN_RANDOM_BYTES = 7;

/** Factory `random` as bytes; accepts a blob or a hex string. Undefined when absent or unusable. */
export function factoryRandomBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value.length >= MIN_RANDOM_BYTES ? value : undefined;
  if (typeof value === "string" && value.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(value) && value.length >= 2 * MIN_RANDOM_BYTES) {
    const out = new Uint8Array(value.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  return undefined;
}

/**
 * [spec 6.7] service name from the last 3 bytes of fctry `random` (else the last 3 MAC bytes);
 * PoP from its first 4 bytes (else MAC bytes 2..5).
 */
export function deriveProvisioningIdentity(random: Uint8Array | undefined, mac: Uint8Array): ProvisioningIdentity {
  if (random && random.length >= MIN_RANDOM_BYTES) {
    return {
      serviceName: `PROV_${toHex(random.subarray(random.length - 3))}`,
      pop: toHex(random.subarray(0, 4)),
      source: "factory-random",
    };
  }
  if (mac.length !== 6) throw new RangeError(`MAC must be 6 bytes, got ${mac.length}`);
  return { serviceName: `PROV_${toHex(mac.subarray(3))}`, pop: toHex(mac.subarray(2, 6)), source: "mac" };
}

export type ProvisioningTransport = "softap" | "ble";

/**
 * QR / console payload [spec 6.7]: `{"ver":"v1","name":..,"username":"wifiprov","pop":..,"transport":..}`;
 * security 1 omits `username`, security 0 also omits `pop`.
 */
export function qrPayload(options: {
  serviceName: string;
  pop: string;
  security: 0 | 1 | 2;
  transport: ProvisioningTransport;
  username?: string;
}): string {
  const payload: Record<string, string> = { ver: "v1", name: options.serviceName };
  if (options.security === 2) payload["username"] = options.username ?? "wifiprov";
  if (options.security !== 0) payload["pop"] = options.pop;
  payload["transport"] = options.transport;
  return JSON.stringify(payload);
}

/** The web page that renders a payload as a QR code [spec 6.7]. */
export function qrCodeUrl(payload: string): string {
  return `https://rainmaker.espressif.com/qrcode.html?data=${encodeURIComponent(payload)}`;
}
