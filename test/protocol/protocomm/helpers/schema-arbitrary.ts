import fc from "fast-check";
import type { MessageSchema, NamedField } from "../../../../firmware/protocol/protocomm/schema";

type Obj = Record<string, unknown>;

function scalarArb(f: NamedField): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case "int32":
      return fc.oneof(fc.constant(0), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
    case "uint32":
      return fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff }));
    case "bool":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(f.enumType!));
    case "bytes":
      return fc.uint8Array({ maxLength: 40 });
    case "string":
      return fc.string({ unit: "grapheme", maxLength: 12 });
    case "message":
      return messageArbitrary(f.message!);
  }
}

/** Random values for `schema`, including proto3 defaults and at most one member per oneof. */
export function messageArbitrary(schema: MessageSchema<unknown>): fc.Arbitrary<Obj> {
  const plain: Record<string, fc.Arbitrary<unknown>> = {};
  const groups = new Map<string, NamedField[]>();
  for (const f of schema.fields) {
    if (f.oneof !== undefined) {
      const g = groups.get(f.oneof) ?? [];
      g.push(f);
      groups.set(f.oneof, g);
    } else {
      const a = f.repeated ? fc.array(scalarArb(f), { maxLength: 4 }) : scalarArb(f);
      plain[f.name] = fc.option(a, { nil: undefined });
    }
  }
  const groupArbs = [...groups.values()].map((members) =>
    fc.option(
      fc.oneof(...members.map((m) => scalarArb(m).map((v) => [m.name, v] as const))),
      { nil: undefined },
    ),
  );
  return fc.tuple(fc.record(plain), fc.tuple(...groupArbs)).map(([base, picks]) => {
    const out: Obj = {};
    for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
    for (const p of picks) if (p) out[p[0]] = p[1];
    return out;
  });
}

function isDefaultScalar(f: NamedField, v: unknown): boolean {
  if (f.kind === "message") return false;
  if (v instanceof Uint8Array) return v.length === 0;
  return v === 0 || v === false || v === "";
}

/** What a proto3 decoder gives back for `value`: defaults and empty repeated fields dropped, oneof kept. */
export function proto3Normalize(schema: MessageSchema<unknown>, value: Obj): Obj {
  const out: Obj = {};
  for (const f of schema.fields) {
    const v = value[f.name];
    if (v === undefined) continue;
    if (f.repeated) {
      const list = v as unknown[];
      if (list.length === 0) continue;
      out[f.name] = f.kind === "message" ? list.map((i) => proto3Normalize(f.message!, i as Obj)) : list;
    } else if (f.kind === "message") {
      out[f.name] = proto3Normalize(f.message!, v as Obj);
    } else if (f.oneof !== undefined || !isDefaultScalar(f, v)) {
      out[f.name] = v;
    }
  }
  return out;
}

/** Deep copy with every byte array as lowercase hex, so Buffers and Uint8Arrays compare equal. */
export function bytesToHex(v: unknown): unknown {
  if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("");
  if (Array.isArray(v)) return v.map(bytesToHex);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = bytesToHex(x);
    return out;
  }
  return v;
}
