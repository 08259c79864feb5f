// Virtual Sensirion SHT3x-DIS (datasheet: https://sensirion.com/media/documents/213E6A3B/63A5A569/Datasheet_SHT3x_DIS.pdf).
// Written from the datasheet, independent of firmware/drivers/sht3x so each checks the other.
import type { FakeI2cDevice } from "./i2c-bus";
import { FakeIoError } from "./errors";

type Repeatability = "high" | "medium" | "low";

/** Max measurement duration per repeatability, ms (datasheet Table 4, rounded up). */
const MeasureMs = Object.freeze({ high: 16, medium: 7, low: 5 } satisfies Record<Repeatability, number>);

/** Single-shot commands: repeatability and whether the sensor stretches the clock until done (Table 9). */
const SingleShot: Readonly<Record<number, { rep: Repeatability; stretch: boolean }>> = Object.freeze({
  0x2c06: { rep: "high", stretch: true }, 0x2c0d: { rep: "medium", stretch: true }, 0x2c10: { rep: "low", stretch: true },
  0x2400: { rep: "high", stretch: false }, 0x240b: { rep: "medium", stretch: false }, 0x2416: { rep: "low", stretch: false },
});

/** Periodic commands: measurements per second and repeatability (Table 10, ART Table 12). */
const Periodic: Readonly<Record<number, { mps: number; rep: Repeatability }>> = Object.freeze({
  0x2032: { mps: 0.5, rep: "high" }, 0x2024: { mps: 0.5, rep: "medium" }, 0x202f: { mps: 0.5, rep: "low" },
  0x2130: { mps: 1, rep: "high" }, 0x2126: { mps: 1, rep: "medium" }, 0x212d: { mps: 1, rep: "low" },
  0x2236: { mps: 2, rep: "high" }, 0x2220: { mps: 2, rep: "medium" }, 0x222b: { mps: 2, rep: "low" },
  0x2334: { mps: 4, rep: "high" }, 0x2322: { mps: 4, rep: "medium" }, 0x2329: { mps: 4, rep: "low" },
  0x2737: { mps: 10, rep: "high" }, 0x2721: { mps: 10, rep: "medium" }, 0x272a: { mps: 10, rep: "low" },
  0x2b32: { mps: 4, rep: "high" },
});

const Command = Object.freeze({
  FetchData: 0xe000, Break: 0x3093, SoftReset: 0x30a2, HeaterOn: 0x306d, HeaterOff: 0x3066,
  ReadStatus: 0xf32d, ClearStatus: 0x3041,
});

/** Status register bits (Table 18). */
const Status = Object.freeze({ AlertPending: 1 << 15, Heater: 1 << 13, ResetDetected: 1 << 4, CommandFailed: 1 << 1 });
const StatusAfterReset = Status.AlertPending | Status.ResetDetected;

/** CRC-8, polynomial 0x31, init 0xFF, no reflection, no final XOR (datasheet 4.12). */
export function sht3xCrc(data: Uint8Array): number {
  let crc = 0xff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x31) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

export interface FakeSht3xOptions {
  /**
   * Supplies time so measurement durations are modelled. Without it, time jumps 10 s at every
   * command, so any measurement started earlier is done by the next transfer.
   */
  clock?: { monotonic(): number };
  temperature?: number;
  humidity?: number;
}

type Fault = "nack-write" | "nack-read" | "bad-crc";

/**
 * SHT3x on a {@link FakeI2cBus}: single-shot (with/without clock stretching), periodic + fetch, ART,
 * break, soft reset, heater, status register. Control surface: `temperature`, `humidity`, `inject()`.
 * A read before a measurement is done, or with no data, NACKs as the chip does (4.4, 4.6).
 */
export class FakeSht3x implements FakeI2cDevice {
  /** Ambient temperature in °C (-45..130 representable). */
  temperature: number;
  /** Ambient relative humidity in % (0..100). */
  humidity: number;
  /** Commands received, oldest first. */
  readonly commands: number[] = [];
  private readonly clock: { monotonic(): number } | undefined;
  private status = StatusAfterReset;
  private readyAt: number | undefined;
  private pendingRead: "measurement" | "status" | undefined;
  private periodic: { start: number; periodMs: number; durationMs: number; fetched: number } | undefined;
  private readonly faults: Fault[] = [];
  private virtualMs = 0;

  constructor(options: FakeSht3xOptions = {}) {
    this.clock = options.clock;
    this.temperature = options.temperature ?? 21.5;
    this.humidity = options.humidity ?? 45;
  }

  /** Queue faults for the next transfers: a NACK on the next write or read, or a corrupted CRC in the next data read. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Status register value (heater, alert, reset and command-failed bits). */
  get statusRegister(): number {
    return this.status;
  }

  get heater(): boolean {
    return (this.status & Status.Heater) !== 0;
  }

  /** Raw 16-bit words the sensor would send now: `[temperature, humidity]` (inverse of datasheet 4.13). */
  rawWords(): [number, number] {
    const t = Math.round(((this.temperature + 45) * 65535) / 175);
    const rh = Math.round((this.humidity * 65535) / 100);
    return [clamp16(t), clamp16(rh)];
  }

  write(data: Uint8Array): void {
    if (this.takeFault("nack-write")) throw new FakeIoError("nack", "sht3x: injected NACK on write");
    if (data.length !== 2) return this.fail(`sht3x: expected a 16-bit command, got ${data.length} bytes`);
    const command = (data[0]! << 8) | data[1]!;
    this.commands.push(command);
    this.pendingRead = undefined;
    this.status &= ~Status.CommandFailed;
    if (!this.clock) this.virtualMs += 10_000;
    const now = this.now();
    const single = SingleShot[command];
    const periodic = Periodic[command];
    if (this.periodic && command !== Command.FetchData && command !== Command.Break && command !== Command.SoftReset) {
      return this.fail(`sht3x: command 0x${command.toString(16)} not accepted in periodic mode`);
    }
    if (single) {
      this.readyAt = single.stretch || !this.clock ? now : now + MeasureMs[single.rep];
      this.pendingRead = "measurement";
    } else if (periodic) {
      this.periodic = { start: now, periodMs: 1000 / periodic.mps, durationMs: MeasureMs[periodic.rep], fetched: -1 };
    } else if (command === Command.FetchData) {
      const latest = this.latestPeriodicIndex(now);
      if (this.periodic && latest > this.periodic.fetched) {
        this.periodic.fetched = latest;
        this.readyAt = now;
        this.pendingRead = "measurement";
      }
    } else if (command === Command.Break) {
      this.periodic = undefined;
    } else if (command === Command.SoftReset) {
      this.periodic = undefined;
      this.readyAt = undefined;
      this.status = StatusAfterReset;
    } else if (command === Command.HeaterOn) {
      this.status |= Status.Heater;
    } else if (command === Command.HeaterOff) {
      this.status &= ~Status.Heater;
    } else if (command === Command.ReadStatus) {
      this.pendingRead = "status";
    } else if (command === Command.ClearStatus) {
      this.status &= ~(Status.AlertPending | Status.ResetDetected | (1 << 11) | (1 << 10));
    } else {
      return this.fail(`sht3x: unknown command 0x${command.toString(16)}`);
    }
  }

  read(count: number): Uint8Array {
    if (this.takeFault("nack-read")) throw new FakeIoError("nack", "sht3x: injected NACK on read");
    let words: number[];
    if (this.pendingRead === "status") {
      words = [this.status];
    } else if (this.pendingRead === "measurement" && this.readyAt !== undefined && this.now() >= this.readyAt) {
      words = this.rawWords();
      this.readyAt = undefined;
    } else {
      throw new FakeIoError("nack", "sht3x: no measurement data (read header NACK)");
    }
    this.pendingRead = undefined;
    const out: number[] = [];
    const corrupt = this.takeFault("bad-crc");
    for (const word of words) {
      const pair = Uint8Array.of(word >> 8, word & 0xff);
      const crc = sht3xCrc(pair);
      out.push(pair[0]!, pair[1]!, corrupt ? crc ^ 0x5a : crc);
    }
    while (out.length < count) out.push(0xff);
    return Uint8Array.from(out.slice(0, count));
  }

  private latestPeriodicIndex(now: number): number {
    if (!this.periodic) return -1;
    const elapsed = now - this.periodic.start - this.periodic.durationMs;
    return elapsed < 0 ? -1 : Math.floor(elapsed / this.periodic.periodMs);
  }

  private fail(message: string): never {
    this.status |= Status.CommandFailed;
    throw new FakeIoError("nack", message);
  }

  private takeFault(fault: Fault): boolean {
    const index = this.faults.indexOf(fault);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  private now(): number {
    return this.clock ? this.clock.monotonic() : this.virtualMs;
  }
}

function clamp16(value: number): number {
  return Math.min(0xffff, Math.max(0, value));
}
