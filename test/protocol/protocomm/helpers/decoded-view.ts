import { fromHex, toHex } from "../../../../firmware/protocol/bytes";
import { enumValueName, type MessageSchema, type NamedField } from "../../../../firmware/protocol/protocomm/schema";

/**
 * Converts between our decoded values and the vectors' "decoded view" notation
 * (bytes as lowercase hex, enums by value name).
 */
type Obj = Record<string, unknown>;

function fieldFromView(f: NamedField, v: unknown): unknown {
  switch (f.kind) {
    case "bytes":
      return fromHex(v as string);
    case "enum": {
      const n = f.enumType![v as string];
      if (n === undefined) throw new Error(`unknown enum name ${String(v)} for ${f.name}`);
      return n;
    }
    case "message":
      return valueFromView(f.message!, v as Obj);
    default:
      return v;
  }
}

export function valueFromView(schema: MessageSchema<unknown>, view: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(view)) {
    const f = schema.fields.find((x) => x.name === k);
    if (!f) throw new Error(`${schema.name} has no field ${k}`);
    out[k] = f.repeated ? (v as unknown[]).map((i) => fieldFromView(f, i)) : fieldFromView(f, v);
  }
  return out;
}

function fieldToView(f: NamedField, v: unknown): unknown {
  switch (f.kind) {
    case "bytes":
      return toHex(v as Uint8Array);
    case "enum":
      return enumValueName(f.enumType!, v as number) ?? v;
    case "message":
      return valueToView(f.message!, v as Obj);
    default:
      return v;
  }
}

export function valueToView(schema: MessageSchema<unknown>, value: Obj): Obj {
  const out: Obj = {};
  for (const f of schema.fields) {
    const v = value[f.name];
    if (v === undefined) continue;
    out[f.name] = f.repeated ? (v as unknown[]).map((i) => fieldToView(f, i)) : fieldToView(f, v);
  }
  return out;
}
