/** One GATT characteristic of the provisioning service: write the request, then read the response. */
export interface BleCharacteristic {
  /** 128-bit UUID, textual form. */
  uuid: string;
  /** Content of the 0x2901 User Description descriptor: the protocomm endpoint name [spec 6.1]. */
  description: string;
  /** Handle a complete request written by the client; the result is served on the next read. */
  handler(request: Uint8Array): Promise<Uint8Array>;
}

export interface BleProvisioningService {
  /** Advertised device name (the service name, e.g. `PROV_1a2b3c`). */
  deviceName: string;
  /** 128-bit primary service UUID, textual form. */
  serviceUuid: string;
  characteristics: BleCharacteristic[];
  /** Optional manufacturer data in the advertisement. */
  manufacturerData?: Uint8Array;
}

/**
 * BLE GATT server for provisioning (device only). Moddable: `bleserver`; the host simulator does
 * not simulate BLE and provisions over SoftAP HTTP instead. Values are at most 512 bytes.
 */
export interface BleGattPort {
  start(service: BleProvisioningService): Promise<void>;
  stop(): Promise<void>;
}
