/**
 * How a provisioning client reaches a device: one request, one response, per endpoint
 * (SoftAP: `POST /<endpoint>`; BLE: write then read the endpoint's characteristic) [spec 6.1].
 */
export interface ProvTransport {
  /** Sends `body` to `endpoint` and resolves with the raw reply; rejects when the device closes without one. */
  send(endpoint: string, body: Uint8Array): Promise<Uint8Array>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Raised by a transport when the device dropped the connection without replying (e.g. wrong PoP). */
export class DeviceClosedError extends Error {
  // A class field defines an own property; assigning `this.name` throws on a board, where
  // Error.prototype is preloaded and frozen (the override mistake).
  override readonly name = "DeviceClosedError";
  constructor(readonly endpoint: string) {
    super(`device closed the connection on ${endpoint} without a reply`);
  }
}
