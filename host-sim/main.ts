/**
 * The simulator runner behind `xs-rainmaker sim`: a fleet of devices against a cloud, then a small
 * control console on stdin (press a button, read a pin, reboot, power-cut, factory-reset).
 */
import { createInterface } from "node:readline";
import type { SimApp } from "./apps/index";
import { startFleet } from "./fleet";
import type { Fleet } from "./fleet";
import type { ClaimStrategy, CloudEndpoints } from "./loop";
import { readWifiEnvironment } from "./adapters/wifi";
import type { WifiCredentials } from "../firmware/ports/wifi";
import type { LogLevel } from "../firmware/ports/log";

export interface SimulatorOptions {
  count: number;
  app: SimApp;
  stateDir: string;
  cloud: CloudEndpoints;
  token: string;
  userId: string;
  /** `--wifi env.json`: the radio environment; devices join its first network. */
  wifiFile?: string;
  /** Network when no file is given. */
  network: WifiCredentials;
  /** Default `self`, as a board claims. */
  claimStrategy?: ClaimStrategy;
  logLevel?: LogLevel;
  /** The OTA image-signing public key (65-byte SEC1) the devices trust; without it they take no updates. */
  otaPublicKey?: Uint8Array;
  write?: (line: string) => void;
}

/** The network a device is provisioned with: the first one of the environment file. */
export function networkFromEnvironment(file: string): WifiCredentials {
  const env = readWifiEnvironment(file) as { networks?: Array<{ ssid?: unknown; passphrase?: unknown }> };
  const first = env.networks?.[0];
  if (!first || typeof first.ssid !== "string") throw new Error(`${file}: needs at least one network with an ssid`);
  return { ssid: first.ssid, passphrase: typeof first.passphrase === "string" ? first.passphrase : "" };
}

export async function runSimulator(options: SimulatorOptions): Promise<Fleet & { startMs: number }> {
  const network = options.wifiFile ? networkFromEnvironment(options.wifiFile) : options.network;
  return startFleet({
    count: options.count,
    app: options.app,
    stateDir: options.stateDir,
    cloud: options.cloud,
    token: options.token,
    userId: options.userId,
    network,
    claimStrategy: options.claimStrategy ?? "self",
    device: {
      logLevel: options.logLevel ?? (options.count > 1 ? "warn" : "info"),
      ...(options.write ? { write: options.write } : {}),
      ...(options.wifiFile ? { wifiFile: options.wifiFile } : {}),
      ...(options.otaPublicKey ? { agent: { ota: { publicKey: options.otaPublicKey } } } : {}),
    },
  });
}

export const ControlHelp = Object.freeze([
  "list                      devices, node ids and phases",
  "press <n> [ms]            press device n's button (default 100 ms; 3000+ = long press)",
  "pin <n> <gpio>            read a digital output",
  "pwm <n> <gpio>            read a PWM duty",
  "params <n>                the device's current params",
  "reboot <n>                graceful restart",
  "cut <n>                   power cut (no graceful close); `boot <n>` powers it on again",
  "boot <n>                  power on",
  "factory-reset <n>         erase Wi-Fi, mapping and params (credentials kept) and restart",
  "quit                      stop everything",
]);

/** One console command; returns the lines to print. */
export async function controlCommand(fleet: Fleet, line: string): Promise<string[]> {
  const [cmd, nText, arg] = line.trim().split(/\s+/);
  if (!cmd) return [];
  if (cmd === "help") return [...ControlHelp];
  if (cmd === "list") return fleet.devices.map((d, i) => `${i + 1}  ${d.factory.mac}  ${d.agent()?.phase() ?? "off"}`);
  const n = Number(nText);
  const device = Number.isInteger(n) ? fleet.devices[n - 1] : undefined;
  if (!device) return [`no device ${nText ?? ""}; devices are 1..${fleet.devices.length}`];
  const gpio = Number(arg);
  switch (cmd) {
    case "press":
      await device.pressButton(arg !== undefined ? Number(arg) : 100);
      return [`pressed device ${n}'s button`];
    case "pin":
      return [`gpio ${gpio} = ${device.readPin(gpio)}`];
    case "pwm":
      return [`pwm ${gpio} duty = ${device.pwmDuty(gpio)}`];
    case "params":
      return [JSON.stringify(device.agent()?.runtime.fullReport() ?? {}, null, 2)];
    case "reboot":
      device.reboot();
      return [`device ${n} rebooting`];
    case "cut":
      device.powerCut();
      return [`device ${n} power cut`];
    case "boot":
      device.boot();
      return [`device ${n} powered on`];
    case "factory-reset":
      device.factoryReset();
      return [`device ${n} factory reset`];
    default:
      return [`unknown command ${cmd}; try help`];
  }
}

/** Read commands from stdin until `quit` or end of input. */
export async function controlConsole(fleet: Fleet, print: (line: string) => void): Promise<void> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  print(`control console: ${ControlHelp.length} commands, type help`);
  try {
    for await (const line of rl) {
      if (line.trim() === "quit") break;
      try {
        for (const out of await controlCommand(fleet, line)) print(out);
      } catch (error) {
        print(`error: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    rl.close();
  }
}
