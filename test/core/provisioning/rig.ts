/** A provisioning device on fakes (manual clock, memory kv/log, virtual Wi-Fi) plus an in-memory client transport. */
import type { HttpServerPort, HttpServerRequest, HttpServerResponse } from "../../../firmware/ports/http-server";
import { createProvisioning, type Provisioning, type ProvisioningConfig } from "../../../firmware/core/provisioning/index";
import { DeviceClosedError, type ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { createManualClock, type ManualClock } from "../../../host-sim/fakes/clock";
import { createMemoryKv, type KvSnapshot, type MemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog, type MemoryLog } from "../../../host-sim/fakes/log";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { createVirtualWifi, type VirtualWifi } from "../../../host-sim/fakes/wifi";
import { getTestCrypto } from "../../helpers/crypto-port";

export const Networks = Object.freeze([
  { ssid: "MyHomeAP", passphrase: "secret123", bssid: "a4:cf:12:34:56:78", channel: 6, rssi: -42, ip: "192.168.1.57" },
  { ssid: "Cafe Guest", bssid: "b0:b9:8a:1c:2d:3e", channel: 1, rssi: -67, ip: "10.0.0.23" },
]);

export const MAC = Uint8Array.of(0x24, 0x6f, 0x28, 0xaa, 0xbb, 0xcc);

/** Captures the handler the device registers; `listening` says whether the server is open. */
export interface CapturedHttp extends HttpServerPort {
  handler(): ((r: HttpServerRequest) => Promise<HttpServerResponse>) | undefined;
  listening(): boolean;
}

export function createCapturedHttp(): CapturedHttp {
  let handler: ((r: HttpServerRequest) => Promise<HttpServerResponse>) | undefined;
  let open = false;
  return {
    async listen(_options, h) {
      handler = h;
      open = true;
      return { port: 8080, close: async () => void (open = false) };
    },
    handler: () => (open ? handler : undefined),
    listening: () => open,
  };
}

export interface Rig {
  clock: ManualClock;
  kv: MemoryKv;
  log: MemoryLog;
  wifi: VirtualWifi;
  http: CapturedHttp;
  prov: Provisioning;
  /** A client connection (new TCP connection id each call) echoing the session cookie. */
  transport(): ProvTransport;
  /** Lets pending promise callbacks run. */
  settle(): Promise<void>;
}

let nextConnection = 1;

export function createRig(options: { config?: Partial<ProvisioningConfig>; kv?: KvSnapshot; connectDelayMs?: number } = {}): Rig {
  const clock = createManualClock();
  const kv = createMemoryKv(options.kv ? { initial: options.kv } : {});
  const log = createMemoryLog();
  const wifi = createVirtualWifi({ clock, environment: { networks: Networks, connectDelayMs: options.connectDelayMs ?? 1000, scanDelayMs: 2000 } });
  const http = createCapturedHttp();
  const prov = createProvisioning(
    { clock, kv, log, crypto: getTestCrypto(), wifi, system: createFakeSystem({ mac: MAC }), httpServer: http },
    { nodeId: "node-1", transport: "softap", ...options.config },
  );
  return {
    clock,
    kv,
    log,
    wifi,
    http,
    prov,
    transport() {
      const connectionId = nextConnection++;
      let cookie: string | undefined;
      return {
        async send(endpoint, body) {
          const h = http.handler();
          if (!h) throw new Error("device is not listening");
          const res = await h({ method: "POST", path: `/${endpoint}`, headers: cookie ? { cookie } : {}, body, connectionId });
          if ("close" in res) throw new DeviceClosedError(endpoint);
          if (res.status !== 200) throw new Error(`${endpoint}: HTTP ${res.status}`);
          const setCookie = res.headers?.["set-cookie"];
          if (setCookie) cookie = setCookie;
          return res.body ?? new Uint8Array(0);
        },
        close: async () => undefined,
      };
    },
    settle: async () => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    },
  };
}
