import type { Platform } from "../../../firmware/ports/index";
import type { NodeCredentials } from "../../../firmware/core/claiming/credentials";
import { saveCredentials } from "../../../firmware/core/claiming/credentials";
import { storeWifiCredentials } from "../../../firmware/core/provisioning/kv-state";
import { node } from "../../../firmware/core/index";
import type { NodeApp } from "../../../firmware/core/index";
import pwmLight from "../../../firmware/drivers/pwm-light/pwm-light";
import relay from "../../../firmware/drivers/relay/relay";
import { createManualClock } from "../../../host-sim/fakes/clock";
import type { ManualClock } from "../../../host-sim/fakes/clock";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import type { MemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import type { MemoryLog } from "../../../host-sim/fakes/log";
import { createFakeBroker } from "../../../host-sim/fakes/mqtt";
import type { FakeBroker } from "../../../host-sim/fakes/mqtt";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import type { FakeSystem } from "../../../host-sim/fakes/system";
import { createVirtualWifi } from "../../../host-sim/fakes/wifi";
import { createFakeIo } from "../../../host-sim/fakes/io/index";
import type { FakeIo } from "../../../host-sim/fakes/io/index";
import { getTestCrypto } from "../../helpers/crypto-port";

export const NODE_ID = "AABBCC001122";
export const WIFI = Object.freeze({ ssid: "home", passphrase: "correct-horse" });

/** A DER SEQUENCE standing in for a certificate/key: the fake broker checks no TLS. */
const der = (fill: number): Uint8Array => Uint8Array.from([0x30, 0x03, 0x02, 0x01, fill]);

export function fakeCredentials(nodeId = NODE_ID): NodeCredentials {
  return { nodeId, certificate: der(1), privateKey: der(2), caCertificate: der(3), mqttHost: "broker.local", mqttPort: 8883 };
}

export function lightApp(): NodeApp {
  return node({ name: "Test Light", type: "Lightbulb" })
    .add(pwmLight, { name: "Light", io: { red: { pin: 25 }, green: { pin: 26 }, blue: { pin: 27 } } })
    .add(relay, { name: "Switch", io: { relay: { pin: 4 } } })
    .withSystemService();
}

export interface Rig {
  clock: ManualClock;
  kv: MemoryKv;
  log: MemoryLog;
  broker: FakeBroker;
  system: FakeSystem;
  io: FakeIo;
  platform: Platform;
  /** Let promises and deferred callbacks run, advancing the clock by `ms` in small steps. */
  settle(ms?: number): Promise<void>;
}

const unused = <T extends object>(name: string): T =>
  new Proxy({} as T, { get: (_t, p) => (p === "then" ? undefined : () => { throw new Error(`${name}.${String(p)} is not used by the agent`); }) });

/** A device on fakes: manual clock, memory flash, virtual Wi-Fi with one network, fake broker. */
export function createRig(options: { provisioned?: boolean; claimed?: boolean; broker?: FakeBroker; kv?: MemoryKv } = {}): Rig {
  const clock = createManualClock({ epochMs: 1_700_000_000_000 });
  const kv = options.kv ?? createMemoryKv();
  const log = createMemoryLog();
  const broker = options.broker ?? createFakeBroker({ host: "broker.local", port: 8883, requireClientCert: true });
  const system = createFakeSystem({ mac: Uint8Array.from([0xaa, 0xbb, 0xcc, 0, 0x11, 0x22]) });
  const io = createFakeIo();
  const wifi = createVirtualWifi({ environment: { networks: [{ ssid: WIFI.ssid, passphrase: WIFI.passphrase }], connectDelayMs: 50, scanDelayMs: 50 }, clock });
  if (options.provisioned ?? true) storeWifiCredentials(kv, WIFI);
  if (options.claimed ?? true) saveCredentials(kv, fakeCredentials());
  const platform: Platform = {
    clock,
    kv,
    log,
    crypto: getTestCrypto(),
    system,
    wifi,
    mqtt: broker.port(),
    httpClient: unused("httpClient"),
    httpServer: unused("httpServer"),
    ota: unused("ota"),
    io,
  };
  const settle = async (ms = 0): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
    let left = ms;
    while (left > 0) {
      const step = Math.min(left, Math.max(10, Math.ceil(ms / 200)));
      clock.advance(step);
      left -= step;
      for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
    }
  };
  return { clock, kv, log, broker, system, io, platform, settle };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
