import type { EndpointHandler } from "../endpoint";

/** "SUCCESS" and a NUL byte, the ESP-IDF wifi_prov_mgr example's reply [vectors README rule 9]. */
const SUCCESS_REPLY = Object.freeze([0x53, 0x55, 0x43, 0x43, 0x45, 0x53, 0x53, 0x00]);

/**
 * A free-form application endpoint such as the example's `custom-data`: the decrypted request
 * goes to `onData`, the reply is "SUCCESS\0".
 */
export function createCustomDataHandler(onData: (data: Uint8Array) => void): EndpointHandler {
  return (request) => {
    onData(request.slice());
    return Uint8Array.from(SUCCESS_REPLY);
  };
}
