import type { CryptoPort } from "../../../../firmware/ports/crypto";
import { fromHex, utf8Encode } from "../../../../firmware/protocol/bytes";
import { createProvisioningMath } from "../../../../firmware/crypto/index";
import {
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
import { createSimulatedWifi, type SimulatedWifi } from "./simulated-wifi";
import type { VectorDevice } from "./vector-types";

export interface VectorDeviceInstance {
  readonly protocomm: Protocomm;
  readonly wifi: SimulatedWifi;
  /** Custom data and user-mapping events. */
  readonly events: string[];
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
  const wifi = createSimulatedWifi(device);
  const events: string[] = [];
  const protocomm = createProtocomm({ crypto, security: securityFor(device, crypto), protoVersion: device.proto_ver_response_text });
  protocomm.register("prov-config", createProvConfigHandler(wifi));
  protocomm.register("prov-scan", createProvScanHandler(wifi));
  protocomm.register("prov-ctrl", createProvCtrlHandler(wifi));
  const customReply = fromHex(device.custom_data_reply_hex);
  // [vectors README rule 9] custom-data answers the fixed reply.
  protocomm.register("custom-data", (req) => {
    events.push(`custom-data ${req.length}`);
    return customReply.slice();
  });
  if (device.endpoints.includes("cloud_user_assoc")) {
    protocomm.register(
      "cloud_user_assoc",
      createUserMappingHandler({
        onUserMapping(userId) {
          events.push(`user-mapping ${userId}`);
          return { nodeId: device.node_id! };
        },
      }),
    );
  }
  return { protocomm, wifi, events };
}
