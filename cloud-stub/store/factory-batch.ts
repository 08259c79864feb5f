/**
 * Manufacturing batch files: one device per line, `mac,factory_secret,pop`. The factory secret plays
 * the eFuse unique id of a real chip (16 bytes, the HMAC key of self claim [spec 4.3]); the PoP is the
 * provisioning proof of possession printed on the label (8 hex chars, as RainMaker derives it from the
 * fctry `random` [spec 6.7]).
 */
import { randomBytes } from "node:crypto";

export const FactoryCsvHeader = "mac,factory_secret,pop";

export const FactoryBatchLimits = Object.freeze({ secretBytes: 16, popHexChars: 8, maxDevices: 100_000 });

export interface FactoryBatchLine {
  /** 12 upper-case hex digits. */
  mac: string;
  /** 32 lower-case hex digits. */
  secretHex: string;
  pop: string;
}

export interface FactoryBatchParse {
  devices: FactoryBatchLine[];
  /** Every problem with its 1-based line number; a file with any error should not be imported. */
  errors: Array<{ line: number; message: string }>;
}

/** `count` devices with random locally-administered unicast MACs (unique in the batch) and secrets. */
export function generateFactoryBatch(count: number, random: (n: number) => Uint8Array = randomBytes): FactoryBatchLine[] {
  if (!Number.isInteger(count) || count < 1 || count > FactoryBatchLimits.maxDevices) {
    throw new RangeError(`count must be an integer in 1..${FactoryBatchLimits.maxDevices}`);
  }
  const seen = new Set<string>();
  const lines: FactoryBatchLine[] = [];
  while (lines.length < count) {
    const macBytes = random(6);
    macBytes[0] = (macBytes[0]! & 0xfc) | 0x02;
    const mac = Buffer.from(macBytes).toString("hex").toUpperCase();
    if (seen.has(mac)) continue;
    seen.add(mac);
    lines.push({
      mac,
      secretHex: Buffer.from(random(FactoryBatchLimits.secretBytes)).toString("hex"),
      pop: Buffer.from(random(FactoryBatchLimits.popHexChars / 2)).toString("hex"),
    });
  }
  return lines;
}

export function formatFactoryCsv(lines: readonly FactoryBatchLine[]): string {
  return [FactoryCsvHeader, ...lines.map((l) => `${l.mac},${l.secretHex},${l.pop}`)].join("\n") + "\n";
}

const MacField = /^(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{12}$/;
const SecretField = /^[0-9A-Fa-f]{32}$/;
const PopField = /^[\x21-\x7e]{1,64}$/;

/** Parses a batch file; blank lines and `#` comments are skipped, the header line is optional. */
export function parseFactoryCsv(text: string): FactoryBatchParse {
  const devices: FactoryBatchLine[] = [];
  const errors: FactoryBatchParse["errors"] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    if (trimmed.toLowerCase().replace(/\s/g, "") === FactoryCsvHeader) return;
    const fields = trimmed.split(",").map((f) => f.trim());
    if (fields.length !== 3) return void errors.push({ line, message: `expected 3 fields (${FactoryCsvHeader}), got ${fields.length}` });
    const [mac, secret, pop] = fields as [string, string, string];
    if (!MacField.test(mac)) return void errors.push({ line, message: `bad MAC ${JSON.stringify(mac)}` });
    if (!SecretField.test(secret)) return void errors.push({ line, message: "factory secret must be 32 hex digits" });
    if (!PopField.test(pop) || pop.includes(",")) return void errors.push({ line, message: "PoP must be 1-64 printable characters" });
    const normalMac = mac.replace(/:/g, "").toUpperCase();
    const first = seen.get(normalMac);
    if (first !== undefined) return void errors.push({ line, message: `MAC ${normalMac} already on line ${first}` });
    seen.set(normalMac, line);
    devices.push({ mac: normalMac, secretHex: secret.toLowerCase(), pop });
  });
  if (devices.length > FactoryBatchLimits.maxDevices) errors.push({ line: 0, message: `more than ${FactoryBatchLimits.maxDevices} devices` });
  return { devices, errors };
}
