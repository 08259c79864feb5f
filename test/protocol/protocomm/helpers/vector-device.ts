import type { CryptoPort } from "../../../../firmware/ports/crypto";
import { fromHex, utf8Decode, utf8Encode } from "../../../../firmware/protocol/bytes";
import { createProvisioningMath } from "../../../../firmware/crypto/index";
import {
  createCustomDataHandler,
  createProtocomm,
  createProvConfigHandler,
  createProvCtrlHandler,
  createProvScanHandler,
  createSec0,
  createSec1,
  createSec2,
  createUserMappingHandler,
  type Protocomm,
  type SecurityScheme,
} from "../../../../firmware/protocol/protocomm/index";
import { createSimulatedWifi, type DeviceEvent, type SimulatedWifi } from "./simulated-wifi";
import type { VectorDevice } from "./vector-types";

export interface VectorDeviceInstance {
  readonly protocomm: Protocomm;
  readonly wifi: SimulatedWifi;
  /** Everything the device did, in the vectors' `device_events` notation. */
  readonly events: DeviceEvent[];
}

function securityFor(device: VectorDevice, crypto: CryptoPort): SecurityScheme {
  const math = createProvisioningMath(crypto);
  switch (device.security_version) {
    case 0:
      return createSec0();
    case 1:
      return createSec1({ crypto, math, pop: device.pop ? utf8Encode(device.pop) : undefined });
    case 2:
      return createSec2({
        crypto,
        math,
        salt: fromHex(device.sec2!.salt_hex),
        verifier: fromHex(device.sec2!.verifier_hex),
        patchVersion: device.sec_patch_ver === 0 ? 0 : 1,
      });
    default:
      throw new Error(`unsupported security version ${device.security_version}`);
  }
}

/** A device built from a vector file's `device` block: protocomm, simulated radio, custom endpoints. */
export function buildVectorDevice(device: VectorDevice, crypto: CryptoPort): VectorDeviceInstance {
  const events: DeviceEvent[] = [];
  const wifi = createSimulatedWifi(device, events);
  const protocomm = createProtocomm({ crypto, security: securityFor(device, crypto), protoVersion: device.proto_ver_response_text });
  protocomm.register("prov-config", createProvConfigHandler(wifi));
  protocomm.register("prov-scan", createProvScanHandler(wifi));
  protocomm.register("prov-ctrl", createProvCtrlHandler(wifi));
  // [vectors README rule 9] custom-data answers "SUCCESS\0" (custom_data_reply_hex).
  protocomm.register("custom-data", createCustomDataHandler((data) => void events.push({ event: "custom_data_received", data: utf8Decode(data) })));
  if (device.endpoints.includes("cloud_user_assoc")) {
    protocomm.register(
      "cloud_user_assoc",
      createUserMappingHandler({
        onUserMapping(userId, secretKey) {
          events.push({ event: "user_mapping_received", user_id: userId, secret_key: secretKey });
          return { nodeId: device.node_id! };
        },
      }),
    );
  }
  return { protocomm, wifi, events };
}
