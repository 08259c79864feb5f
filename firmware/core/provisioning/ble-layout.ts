import type { BleGattPort, BleProvisioningService } from "../../ports/ble";
import type { LogPort } from "../../ports/log";
import type { Protocomm } from "../../protocol/protocomm/protocomm";

/** RainMaker's provisioning service UUID [spec 6.1]. */
export const RMAKER_PROV_SERVICE_UUID = "021a9004-0382-4aea-bff4-6b3f1c5adfb4";

/** [spec 6.1] 16-bit ids of the standard endpoints; custom endpoints follow from 0xFF54. */
export const StandardEndpointIds: Readonly<Record<string, number>> = Object.freeze({
  "prov-ctrl": 0xff4f,
  "prov-scan": 0xff50,
  "prov-session": 0xff51,
  "prov-config": 0xff52,
  "proto-ver": 0xff53,
});

const FIRST_CUSTOM_ID = 0xff54;

export interface GattCharacteristicLayout {
  readonly endpoint: string;
  readonly id: number;
  readonly uuid: string;
}

/**
 * [spec 6.1] the characteristic UUID is the service UUID with the 16-bit id in the 3rd/4th octets of
 * the textual form (bytes 12-13 of the little-endian array).
 */
export function characteristicUuid(serviceUuid: string, id: number): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(serviceUuid)) throw new RangeError(`not a 128-bit UUID: ${serviceUuid}`);
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) throw new RangeError(`not a 16-bit id: ${id}`);
  const lower = serviceUuid.toLowerCase();
  return lower.slice(0, 4) + id.toString(16).padStart(4, "0") + lower.slice(8);
}

/**
 * Characteristics for `endpoints` (protocomm order): standard ids, then `fixedIds` (a GATT table
 * compiled into the firmware, as Moddable's `bleservices` requires), then the free ids from 0xFF54
 * in creation order [spec 6.1].
 */
export function bleGattLayout(
  endpoints: readonly string[],
  serviceUuid = RMAKER_PROV_SERVICE_UUID,
  fixedIds: Readonly<Record<string, number>> = {},
): GattCharacteristicLayout[] {
  const taken = new Set<number>(Object.values(StandardEndpointIds));
  for (const name of endpoints) if (StandardEndpointIds[name] === undefined && fixedIds[name] !== undefined) taken.add(fixedIds[name]!);
  let next = FIRST_CUSTOM_ID;
  const seen = new Set<string>();
  const out: GattCharacteristicLayout[] = [];
  for (const endpoint of endpoints) {
    if (seen.has(endpoint)) continue;
    seen.add(endpoint);
    let id = StandardEndpointIds[endpoint] ?? fixedIds[endpoint];
    if (id === undefined) {
      while (taken.has(next)) next++;
      id = next++;
      taken.add(id);
    }
    out.push({ endpoint, id, uuid: characteristicUuid(serviceUuid, id) });
  }
  return out;
}

/** Where the GATT layout may differ from the defaults. */
export interface BleLayoutOptions {
  /** Default RainMaker's `021a9004-...` [spec 6.1]. */
  readonly serviceUuid?: string;
  /** Fixed 16-bit ids of custom endpoints (e.g. the table compiled into a Moddable build). */
  readonly endpointIds?: Readonly<Record<string, number>>;
}

/** Identifies the single BLE link for protocomm's session tracking. */
const BLE_CONNECTION = "ble";

/**
 * Registers the protocomm endpoints as GATT characteristics (0x2901 description = endpoint name);
 * a protocomm close answers an empty value, as a dropped link would.
 */
export function bleProvisioningService(
  protocomm: Protocomm,
  deviceName: string,
  log: LogPort,
  options: BleLayoutOptions = {},
  /** Awaited before a reply is returned (holds a blocking ScanStart reply until the scan ended). */
  beforeReply: () => Promise<void> = () => Promise.resolve(),
): BleProvisioningService {
  const serviceUuid = options.serviceUuid ?? RMAKER_PROV_SERVICE_UUID;
  return {
    deviceName,
    serviceUuid,
    characteristics: bleGattLayout(protocomm.endpoints(), serviceUuid, options.endpointIds).map((c) => ({
      uuid: c.uuid,
      description: c.endpoint,
      handler: async (request: Uint8Array) => {
        const out = protocomm.handle({ endpoint: c.endpoint, body: request, connectionId: BLE_CONNECTION });
        if ("close" in out) {
          log.log("warn", "prov", `BLE ${c.endpoint}: ${out.reason}`);
          return new Uint8Array(0);
        }
        await beforeReply();
        return out.body;
      },
    })),
  };
}

export async function startBleProvisioning(ble: BleGattPort, service: BleProvisioningService): Promise<void> {
  await ble.start(service);
}
