/**
 * One simulated device: its own directory (flash CBOR file, OTA slots, factory data), MAC, virtual
 * hardware and Wi-Fi, and the firmware agent running on the host adapters. Reboot, power cut and
 * factory reset act like the board: flash survives, RAM (agent, timers, IO levels) does not.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { join } from "node:path";
import type { Platform } from "../firmware/ports/index";
import type { ClockPort, TimerHandle } from "../firmware/ports/clock";
import type { MqttPort } from "../firmware/ports/mqtt";
import type { IoPort } from "../firmware/ports/io";
import type { ResetReason } from "../firmware/ports/system";
import type { OtaSlot } from "../firmware/ports/ota";
import type { WifiCredentials } from "../firmware/ports/wifi";
import { startAgent } from "../firmware/core/agent/agent";
import type { Agent, AgentConfig } from "../firmware/core/agent/agent";
import { storeUserMapping, storeWifiCredentials } from "../firmware/core/provisioning/kv-state";
import type { StoredUserMapping } from "../firmware/core/provisioning/kv-state";
import { eraseUserData } from "../firmware/core/agent/factory-reset";
import { requestResetReport } from "../firmware/core/agent/user-mapping";
import type { NodeCredentials } from "../firmware/core/claiming/credentials";
import { ProvisioningKv } from "../firmware/core/provisioning/identity";
import { createProvisioning } from "../firmware/core/provisioning/provisioning";
import { fromHex, toHex } from "../firmware/protocol/bytes";
import { createClock } from "./adapters/clock";
import { createCrypto } from "./adapters/crypto";
import { createHttpClient } from "./adapters/http-client";
import { createHttpServer } from "./adapters/http-server";
import { createKv } from "./adapters/kv";
import { createLog } from "./adapters/log";
import type { HostLog } from "./adapters/log";
import { createMqtt } from "./adapters/mqtt";
import { createOta } from "./adapters/ota";
import { createSystem } from "./adapters/system";
import { createWifi } from "./adapters/wifi";
import { createSocketBudget } from "./fakes/socket-budget";
import { createFakeIo } from "./fakes/io/index";
import type { FakeIo } from "./fakes/io/index";
import type { SimApp } from "./apps/index";
import { AppDescriptorFormat, FactoryFirmwareVersion, readAppDescriptor } from "./apps/app-descriptor";
import type { AppDescriptor } from "./apps/app-descriptor";
import type { MemoryKv } from "./fakes/kv";
import type { LogLevel } from "../firmware/ports/log";

/** Per-device factory data, written once in `<dir>/factory.json` [spec 4.1]. */
export interface FactoryData {
  /** 12 upper-case hex digits. */
  mac: string;
  /** 32-byte self-claim HMAC secret, hex (the eFuse unique id's role [spec 4.3]). */
  secretHex: string;
  /** 64 random bytes, hex: source of the PoP and SoftAP name [spec 4.1, 6.7]. */
  randomHex: string;
}

export interface SimDeviceOptions {
  dir: string;
  app: SimApp;
  /** Log prefix until the node id is known. */
  label?: string;
  /** Virtual Wi-Fi environment (object) or a JSON file path. */
  wifi?: unknown;
  wifiFile?: string;
  /** Device clock speed (default 1). */
  clockSpeed?: number;
  logLevel?: LogLevel;
  /** Where log lines go (default stdout). */
  write?: (line: string) => void;
  /** Agent settings (backoff, delays, ...). */
  agent?: Omit<AgentConfig, "hooks">;
  /** Provisioning: called when the flash holds no Wi-Fi credentials. */
  provision?: (device: SimDevice, platform: Platform) => Promise<void>;
  /** Claiming: called when the flash holds no node credentials. */
  claim?: (device: SimDevice, platform: Platform) => Promise<NodeCredentials>;
  /** 0 mimics Moddable's QoS-0-only `mqtt` module. */
  mqttMaxQos?: 0 | 1;
  /** Log output-pin writes at info level (default true). */
  logIo?: boolean;
  /** Wrap the MQTT port of every boot (fault injection on the link); `device.firmware()` is this boot's. */
  wrapMqtt?: (port: MqttPort) => MqttPort;
  /** Project name of the factory image (default: the app name); its version is 1.0.0. */
  projectName?: string;
}

export interface SimDevice {
  readonly dir: string;
  readonly factory: FactoryData;
  readonly macBytes: Uint8Array;
  /** Boot the firmware (power on). */
  boot(reason?: ResetReason): Agent;
  agent(): Agent | undefined;
  /** The virtual hardware of the current boot. */
  io(): FakeIo;
  kv(): MemoryKv;
  platform(): Platform | undefined;
  /** The firmware of the current (or last) boot: the app descriptor of the running OTA slot. */
  firmware(): AppDescriptor;
  log(level: LogLevel, message: string): void;
  /** Hold the button down for `ms` (default 100), release, and wait out the debounce. */
  pressButton(ms?: number): Promise<void>;
  readPin(pin: number): 0 | 1;
  pwmDuty(pin: number): number;
  /** Graceful restart (as `System.Reboot`). */
  reboot(): Agent;
  /** Drop everything at once: timers, IO, connections; flash keeps what was committed. Not rebooted. */
  powerCut(): void;
  /** The factory-reset action, then a restart. */
  factoryReset(): Agent;
  /** Shut the device down for good (graceful). */
  stop(): void;
  /** Called after every boot with the new agent. */
  onBoot(listener: (agent: Agent) => void): void;
}

/** A clock whose timers all die at a power cut. */
function volatileClock(base: ClockPort): ClockPort & { kill(): void } {
  const live = new Set<TimerHandle>();
  let dead = false;
  return {
    now: () => base.now(),
    monotonic: () => base.monotonic(),
    setTimeout(cb, ms) {
      const h: TimerHandle = base.setTimeout(() => {
        live.delete(h);
        if (!dead) cb();
      }, ms);
      live.add(h);
      return h;
    },
    setInterval(cb, ms) {
      const h = base.setInterval(() => {
        if (!dead) cb();
      }, ms);
      live.add(h);
      return h;
    },
    clear(h) {
      if (h !== undefined) live.delete(h);
      base.clear(h);
    },
    kill() {
      dead = true;
      for (const h of live) base.clear(h);
      live.clear();
    },
  };
}

/** Log every write to an output pin, so a user sees the driver act on the (virtual) hardware. */
function loggingIo(io: FakeIo, log: HostLog): IoPort {
  return {
    digital(options) {
      const pin = io.digital(options);
      if (options.mode !== "output") return pin;
      return { read: () => pin.read(), close: () => pin.close(), write(v) {
        pin.write(v);
        log.log("info", "io", `gpio ${options.pin} <- ${v}`);
      } };
    },
    pwm(options) {
      const channel = io.pwm(options);
      return { resolution: channel.resolution, close: () => channel.close(), write(v) {
        channel.write(v);
        log.log("info", "io", `gpio ${options.pin} pwm <- ${v}/${(1 << channel.resolution) - 1}`);
      } };
    },
    analog: (options) => io.analog(options),
    i2c: (options) => io.i2c(options),
  };
}

function loadFactory(dir: string): FactoryData {
  const file = join(dir, "factory.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as FactoryData;
  const mac = randomBytes(6);
  mac[0] = (mac[0]! & 0xfc) | 0x02; // locally administered, unicast
  const data: FactoryData = { mac: toHex(mac, true), secretHex: randomBytes(32).toString("hex"), randomHex: randomBytes(64).toString("hex") };
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return data;
}

/** First bytes of a slot file (empty when the slot was never written). */
function slotHead(otaDir: string, slot: OtaSlot): Uint8Array {
  const file = join(otaDir, `ota-slot-${slot}.bin`);
  if (!existsSync(file)) return new Uint8Array(0);
  const head = new Uint8Array(AppDescriptorFormat.maxLineBytes);
  const fd = openSync(file, "r");
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * What the boot loader starts: the app descriptor of the running slot (as `esp_app_desc_t` in an
 * ESP32 binary); a slot never written holds the factory image.
 */
function runningFirmware(otaDir: string, slot: OtaSlot, factory: AppDescriptor, log: HostLog): AppDescriptor {
  const head = slotHead(otaDir, slot);
  if (head.length === 0) return factory;
  const read = readAppDescriptor(head);
  if (read.ok) return read.value;
  log.log("error", "sim", `slot ${slot}: ${read.error}; reporting the factory identity`);
  return factory;
}

/** Create (or reopen) the device in `options.dir`. Call `boot()` to power it on. */
export function createSimDevice(options: SimDeviceOptions): SimDevice {
  mkdirSync(options.dir, { recursive: true });
  const factory = loadFactory(options.dir);
  const macBytes = fromHex(factory.mac);
  const kv = createKv({ file: join(options.dir, "flash.cbor") });
  if (kv.get(ProvisioningKv.factoryNamespace, ProvisioningKv.factoryRandom) === undefined) {
    kv.set(ProvisioningKv.factoryNamespace, ProvisioningKv.factoryRandom, fromHex(factory.randomHex));
  }
  const log: HostLog = createLog({ label: options.label ?? factory.mac, minLevel: options.logLevel ?? "info", write: options.write });
  const crypto = createCrypto();
  const bootListeners: Array<(agent: Agent) => void> = [];
  const otaDir = join(options.dir, "ota");
  const factoryFirmware: AppDescriptor = Object.freeze({ projectName: options.projectName ?? options.app.name, version: FactoryFirmwareVersion });
  let firmware = factoryFirmware;
  let current: { agent: Agent; clock: ReturnType<typeof volatileClock>; io: FakeIo; platform: Platform; sockets: Set<Socket> } | undefined;
  let stopped = false;

  const teardown = (graceful: boolean): void => {
    const c = current;
    current = undefined;
    if (!c) return;
    if (graceful) c.agent.stop();
    else {
      // power cut: sockets die first, so nothing (no DISCONNECT) reaches the broker
      for (const socket of c.sockets) socket.destroy();
      c.clock.kill();
      c.agent.stop();
    }
  };

  const device: SimDevice = {
    dir: options.dir,
    factory,
    macBytes,
    boot(reason = "power-on") {
      if (stopped) throw new Error("device stopped");
      teardown(true);
      const clock = volatileClock(createClock({ speed: options.clockSpeed ?? 1 }));
      const io = createFakeIo();
      options.app.wire(io);
      const sockets = createSocketBudget();
      const open = new Set<Socket>();
      const track = (socket: Socket): void => {
        open.add(socket);
        socket.once("close", () => open.delete(socket));
      };
      // the boot loader step runs as the OTA port opens: it decides the running slot
      const ota = createOta({ dir: otaDir });
      firmware = runningFirmware(otaDir, ota.boot().running, factoryFirmware, log);
      log.log("info", "sim", `booting ${firmware.projectName} ${firmware.version} from slot ${ota.boot().running} (${reason})`);
      const platform: Platform = {
        clock,
        kv,
        log,
        crypto,
        system: createSystem({
          mac: macBytes,
          resetReason: reason,
          firmware: { projectName: firmware.projectName, version: firmware.version },
          onRestart: (why) => setImmediate(() => !stopped && current?.platform === platform && device.boot(why)),
        }),
        wifi: createWifi({ clock, ...(options.wifiFile ? { envFile: options.wifiFile } : { environment: options.wifi ?? { networks: [] } }) }),
        mqtt: (options.wrapMqtt ?? ((port: MqttPort) => port))(createMqtt({ maxQos: options.mqttMaxQos ?? 1, sockets, onSocket: track, onHandlerError: (e) => log.log("error", "mqtt", String(e)) })),
        httpClient: createHttpClient({ sockets }),
        httpServer: createHttpServer({ onHandlerError: (e) => log.log("error", "http", String(e)) }),
        ota,
        io: options.logIo === false ? io : loggingIo(io, log),
      };
      const hooks: AgentConfig["hooks"] = {};
      if (options.provision) hooks.provision = (p) => options.provision!(device, p);
      if (options.claim) hooks.claim = (p) => options.claim!(device, p);
      const agent = startAgent(platform, options.app.node, { ...options.agent, hooks });
      agent.onPhase((phase) => {
        const id = agent.nodeId();
        if (id) log.setLabel(id);
        if (phase === "online") log.log("info", "sim", "online");
      });
      agent.runtime.onChange((change) => {
        if (change.source !== "driver") log.log("info", "drv", `${change.device}.${change.param} = ${JSON.stringify(change.value)} (${change.source})`);
      });
      current = { agent, clock, io, platform, sockets: open };
      for (const l of bootListeners) l(agent);
      return agent;
    },
    agent: () => current?.agent,
    io() {
      if (!current) throw new Error("device is off");
      return current.io;
    },
    kv: () => kv,
    platform: () => current?.platform,
    firmware: () => firmware,
    log: (level, message) => log.log(level, "sim", message),
    async pressButton(ms = 100) {
      const pin = options.app.buttonPin;
      if (pin === undefined) throw new Error(`app ${options.app.name} has no button`);
      const io = device.io();
      io.pin(pin).setInput(0);
      await new Promise((r) => setTimeout(r, ms / (options.clockSpeed ?? 1)));
      io.pin(pin).setInput(1);
      // let the driver's debounce settle so the press has acted when this resolves
      await new Promise((r) => setTimeout(r, 60 / (options.clockSpeed ?? 1)));
    },
    readPin: (pin) => device.io().pin(pin).output,
    pwmDuty: (pin) => device.io().pwmChannel(pin).duty,
    reboot: () => device.boot("software"),
    powerCut() {
      teardown(false);
    },
    factoryReset() {
      eraseUserData(kv);
      requestResetReport(kv);
      return device.boot("software");
    },
    stop() {
      teardown(true);
      stopped = true;
    },
    onBoot: (listener) => void bootListeners.push(listener),
  };
  return device;
}

/**
 * Provisioning shortcut (no SoftAP exchange): stores the station credentials and the user mapping
 * exactly where the provisioning endpoints `prov-config` and `cloud_user_assoc` would [spec 5.1, 6.3].
 */
export function provisionShortcut(wifi: WifiCredentials, mapping?: StoredUserMapping): (device: SimDevice, platform: Platform) => Promise<void> {
  return async (device, platform) => {
    device.log("info", `provisioning shortcut: Wi-Fi "${wifi.ssid}"${mapping ? `, user ${mapping.userId}` : ""}`);
    storeWifiCredentials(platform.kv, wifi);
    if (mapping) storeUserMapping(platform.kv, mapping);
  };
}

/** What a user needs to reach the device's SoftAP provisioning service. */
export interface SoftApInfo {
  /** Loopback HTTP port standing in for 192.168.4.1:80. */
  port: number;
  serviceName: string;
  pop: string;
  security: 0 | 1 | 2;
  /** QR payload JSON [spec 6.7]. */
  qr: string;
}

/**
 * Real provisioning: the device's protocomm service over SoftAP HTTP on a loopback port, security
 * 1 or 2, `cloud_user_assoc` for the user mapping [spec 6, 5.1]. Keeps serving for the IDF's 30 s after
 * success (esp_prov polls every 5 s) and resolves then; the agent goes on as soon as the credentials are stored.
 */
export function softApProvisioning(options: { security?: 0 | 1 | 2; onReady?: (info: SoftApInfo) => void } = {}): (device: SimDevice, platform: Platform) => Promise<void> {
  return async (device, platform) => {
    const provisioning = createProvisioning(
      { clock: platform.clock, kv: platform.kv, log: platform.log, crypto: platform.crypto, wifi: platform.wifi, system: platform.system, httpServer: platform.httpServer },
      { nodeId: device.factory.mac, transport: "softap", security: options.security ?? 2, http: { port: 0, host: "127.0.0.1" }, userMapping: "cloud_user_assoc" },
    );
    await provisioning.start({ force: true });
    const port = provisioning.httpPort();
    if (port === undefined) throw new Error("SoftAP provisioning did not start");
    const info: SoftApInfo = { port, serviceName: provisioning.identity.serviceName, pop: provisioning.identity.pop, security: provisioning.security, qr: provisioning.qrPayload };
    device.log("info", `SoftAP ${info.serviceName} on 127.0.0.1:${port}, security ${info.security}, PoP ${info.pop}`);
    options.onReady?.(info);
    const outcome = await provisioning.done();
    if (outcome.result !== "provisioned") throw new Error(`provisioning ended without credentials (${outcome.reason})`);
  };
}
