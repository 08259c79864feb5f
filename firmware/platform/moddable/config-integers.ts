/** A manifest `config` object as `mc/config` exports it. */
export type ManifestConfig = Readonly<Record<string, unknown>>;

const IntegerText = /^(?:0x[0-9a-f]+|[0-9]+)$/i;

/** A JSON integer, or a decimal / `0x` string (`mcconfig ... pins.red=12` passes strings). */
function toInteger(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === "string" && IntegerText.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * Reads the non-negative integers `names` of the manifest `config` section `section` (pins, I2C
 * address): `config[section][name]`, overridden by the flat key `"section.name"` that
 * `mcconfig ... section.name=value` sets. Throws naming the manifest key when one is missing or not
 * an integer, so a wrong manifest stops the app before any pin is touched.
 */
export function readConfigIntegers<const K extends string>(config: ManifestConfig, section: string, names: readonly K[]): Readonly<Record<K, number>> {
  const nested = config[section];
  const table = typeof nested === "object" && nested !== null ? (nested as Readonly<Record<string, unknown>>) : {};
  const out = {} as Record<K, number>;
  for (const name of names) {
    const key = `${section}.${name}`;
    const raw = key in config ? config[key] : table[name];
    const value = toInteger(raw);
    if (value === undefined) {
      const seen = raw === undefined ? "missing" : `got ${JSON.stringify(raw)}`;
      throw new Error(`manifest config "${key}": expected a non-negative integer (${seen})`);
    }
    out[name] = value;
  }
  return Object.freeze(out);
}
