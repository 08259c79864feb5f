// Sensirion SHT3x-DIS temperature/humidity sensor over I2C.
// Datasheet: https://sensirion.com/media/documents/213E6A3B/63A5A569/Datasheet_SHT3x_DIS.pdf
import { defineDriver, devices, params, UiType } from "../../core/index";
import type { I2cLike } from "../../ports/io";

/** Single-shot measurement commands without clock stretching, by repeatability (datasheet Table 9). */
export const Sht3xCommand = Object.freeze({
  MeasureHigh: 0x2400,
  MeasureMedium: 0x240b,
  MeasureLow: 0x2416,
  SoftReset: 0x30a2,
  ReadStatus: 0xf32d,
  ClearStatus: 0x3041,
  HeaterOn: 0x306d,
  HeaterOff: 0x3066,
});

/** Max measurement duration per repeatability, ms (datasheet Table 4, rounded up). */
export const Sht3xMeasureMs = Object.freeze({ high: 16, medium: 7, low: 5 });

export type Sht3xRepeatability = keyof typeof Sht3xMeasureMs;

const MeasureCommand: Readonly<Record<Sht3xRepeatability, number>> = Object.freeze({
  high: Sht3xCommand.MeasureHigh,
  medium: Sht3xCommand.MeasureMedium,
  low: Sht3xCommand.MeasureLow,
});

/** CRC-8 of the data words: polynomial 0x31, init 0xFF, no reflection, no final XOR (datasheet 4.12). */
export function crc8(bytes: Uint8Array): number {
  let crc = 0xff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i]!;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x31) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** Temperature in °C from the raw word: T = -45 + 175 * raw / 65535 (datasheet 4.13). */
export function temperatureFromRaw(raw: number): number {
  return -45 + (175 * raw) / 65535;
}

/** Relative humidity in % from the raw word: RH = 100 * raw / 65535 (datasheet 4.13). */
export function humidityFromRaw(raw: number): number {
  return (100 * raw) / 65535;
}

/** Split a 6-byte reading into its two words, checking each CRC; throws on a mismatch. */
export function parseReading(bytes: Uint8Array): { temperatureRaw: number; humidityRaw: number } {
  if (bytes.length !== 6) throw new Error(`sht3x: expected 6 bytes, got ${bytes.length}`);
  const words: number[] = [];
  for (let i = 0; i < 6; i += 3) {
    const crc = crc8(bytes.subarray(i, i + 2));
    if (crc !== bytes[i + 2]) throw new Error(`sht3x: CRC mismatch in word ${i / 3} (got 0x${bytes[i + 2]!.toString(16)}, want 0x${crc.toString(16)})`);
    words.push((bytes[i]! << 8) | bytes[i + 1]!);
  }
  return { temperatureRaw: words[0]!, humidityRaw: words[1]! };
}

function command(bus: I2cLike, code: number): void {
  bus.write(Uint8Array.of(code >> 8, code & 0xff));
}

function round(value: number, step: number): number {
  if (!(step > 0)) return value;
  const perUnit = Math.round(1 / step);
  return Math.round(value * perUnit) / perUnit;
}

/**
 * Temperature sensor device with an extra Humidity param. Each poll sends a single-shot
 * measurement command, waits the measurement time through the clock, reads 6 bytes and checks
 * both CRCs. A NACK or a CRC mismatch fails that poll (logged); the last good values stay.
 */
export const sht3x = defineDriver({
  device: devices.temperatureSensor(),
  params: {
    humidity: params.float("Humidity", 0, { readOnly: true, timeSeries: true, bounds: { min: 0, max: 100 }, uiType: UiType.Text }),
  },
  io: { bus: "i2c" },
  ioDefaults: { bus: { address: 0x44 } },
  options: { repeatability: "high" as Sht3xRepeatability, resolution: 0.01 },
  pollMs: 10_000,
  async sample({ bus }, ctx) {
    const repeatability = ctx.options.repeatability;
    command(bus, MeasureCommand[repeatability]);
    await ctx.delay(Sht3xMeasureMs[repeatability]);
    const { temperatureRaw, humidityRaw } = parseReading(bus.read(6));
    return {
      temperature: round(temperatureFromRaw(temperatureRaw), ctx.options.resolution),
      humidity: Math.min(100, Math.max(0, round(humidityFromRaw(humidityRaw), ctx.options.resolution))),
    };
  },
});
export default sht3x;
