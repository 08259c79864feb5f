import BLEServer from "bleserver";
import { Bytes } from "btutils";
import type { BleCharacteristic, BleGattPort, BleProvisioningService } from "../../ports/ble";
import type { LogPort } from "../../ports/log";
import { endpointUuid, ProvisioningGatt } from "./ble-uuid";
import { fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";

/** Options for {@link createBle}. */
export interface ModdableBleOptions {
  log: LogPort;
}

/** Largest characteristic value [spec 6.1]. */
const MaxValueBytes = 512;
/** LE General Discoverable + BR/EDR not supported. */
const AdvertisingFlags = 0x06;

interface CharacteristicInfo { name: string }

function uuidBytes(text: string): Bytes {
  return new Bytes(text.replace(/-/g, ""), true);
}

/**
 * Checks the requested service against the GATT table compiled into the firmware: Moddable
 * builds its GATT database from `bleservices/*.json` at build time, so endpoints are matched by
 * name (clients map by the 0x2901 descriptor too [spec 6.1]) and the UUIDs must agree.
 */
function bindEndpoints(service: BleProvisioningService): Map<string, BleCharacteristic> {
  if (service.serviceUuid.toLowerCase() !== ProvisioningGatt.serviceUuid) {
    throw new Error(`BLE service ${service.serviceUuid} is not the compiled-in provisioning service ${ProvisioningGatt.serviceUuid}`);
  }
  const byName = new Map<string, BleCharacteristic>();
  for (const characteristic of service.characteristics) {
    const entry = ProvisioningGatt.endpoints.find(([name]) => name === characteristic.description);
    if (!entry) throw new Error(`BLE endpoint "${characteristic.description}" is not in bleservices/rmaker-prov.json`);
    const expected = endpointUuid(ProvisioningGatt.serviceUuid, entry[1]);
    if (characteristic.uuid.toLowerCase() !== expected) {
      throw new Error(`BLE endpoint "${characteristic.description}" has UUID ${characteristic.uuid}; the firmware table has ${expected}`);
    }
    byName.set(characteristic.description, characteristic);
  }
  return byName;
}

/**
 * {@link BleGattPort} on `bleserver`. A write runs the endpoint handler; the response is served to
 * the next read of the same characteristic. Handlers that resolve within the same turn (all
 * protocomm handlers do) are ready before the client can issue its read.
 */
export function createBle(options: ModdableBleOptions): BleGattPort {
  const { log } = options;
  let server: BLEServer | undefined;

  return {
    start(service) {
      if (server) return Promise.reject(new Error("BLE provisioning service already started"));
      let endpoints: Map<string, BleCharacteristic>;
      try {
        endpoints = bindEndpoints(service);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      const responses = new Map<string, Uint8Array>();
      return new Promise<void>((resolve) => {
        const instance = new BLEServer();
        server = instance;
        instance.onReady = () => {
          instance.deviceName = service.deviceName;
          const scanResponseData: Record<string, unknown> = { completeName: service.deviceName };
          const data = service.manufacturerData;
          if (data && data.length >= 2) scanResponseData["manufacturerSpecific"] = { identifier: data[0]! | (data[1]! << 8), data: Array.from(data.subarray(2)) };
          instance.startAdvertising({
            advertisingData: { flags: AdvertisingFlags, completeUUID128List: [uuidBytes(ProvisioningGatt.serviceUuid)] },
            scanResponseData,
          });
          log.log("info", "ble", `advertising "${service.deviceName}"`);
          resolve();
        };
        instance.onCharacteristicWritten = (characteristic: CharacteristicInfo, value: unknown) => {
          const endpoint = endpoints.get(characteristic.name);
          if (!endpoint) return;
          const request = value instanceof ArrayBuffer ? fromArrayBuffer(value) : new Uint8Array(0);
          responses.delete(characteristic.name);
          endpoint.handler(request).then(
            (response) => {
              if (response.length > MaxValueBytes) log.log("error", "ble", `${characteristic.name}: response of ${response.length} bytes exceeds ${MaxValueBytes}`);
              else responses.set(characteristic.name, response);
            },
            (error: unknown) => log.log("error", "ble", `${characteristic.name}: ${messageOf(error)}`),
          );
        };
        instance.onCharacteristicRead = ((characteristic: CharacteristicInfo) => {
          const response = responses.get(characteristic.name);
          return toArrayBuffer(response ?? new Uint8Array(0));
        }) as unknown as BLEServer["onCharacteristicRead"];
        instance.onConnected = () => log.log("info", "ble", "client connected");
        instance.onDisconnected = () => {
          responses.clear();
          log.log("info", "ble", "client disconnected");
          if (server === instance) instance.startAdvertising({ advertisingData: { flags: AdvertisingFlags, completeUUID128List: [uuidBytes(ProvisioningGatt.serviceUuid)] }, scanResponseData: { completeName: service.deviceName } });
        };
      });
    },
    stop() {
      const instance = server;
      server = undefined;
      if (instance) {
        try {
          instance.stopAdvertising();
          instance.close();
        } catch (error) {
          log.log("warn", "ble", `stop: ${messageOf(error)}`);
        }
      }
      return Promise.resolve();
    },
  };
}
