/**
 * Proto3 schemas as data tables: field number, kind, repetition, oneof group. The value type of a
 * message is inferred from its table, so handlers get typed objects without generated code.
 */

export type ScalarKind = "int32" | "uint32" | "bool" | "enum" | "bytes" | "string";
export type FieldKind = ScalarKind | "message";

const ENUM_NAME: unique symbol = Symbol("enumName");

/** A frozen enum table (`Status.Success === 0`) that also knows its proto name. */
export type EnumSchema<V extends Record<string, number>> = Readonly<V> & { readonly [ENUM_NAME]: string };

export function defineEnum<const V extends Record<string, number>>(name: string, values: V): EnumSchema<V> {
  return Object.freeze(Object.assign(Object.create(null) as object, values, { [ENUM_NAME]: name })) as EnumSchema<V>;
}

/** Proto name of an enum table. */
export function enumName(e: EnumSchema<Record<string, number>>): string {
  return e[ENUM_NAME];
}

/** Value name for `value` in `e`, or undefined for an unknown (open-enum) value. */
export function enumValueName(e: EnumSchema<Record<string, number>>, value: number): string | undefined {
  for (const k of Object.keys(e)) if (e[k] === value) return k;
  return undefined;
}

/** One field. `T` is the JS value type (phantom). */
export interface FieldSpec<T> {
  readonly no: number;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** Oneof group name; oneof members are encoded whenever set, even at their default. */
  readonly oneof: string | undefined;
  readonly message: MessageSchema<object> | undefined;
  readonly enumType: EnumSchema<Record<string, number>> | undefined;
  readonly __value?: T;
}

/** A field with its name, as stored in a message table. */
export interface NamedField extends FieldSpec<unknown> {
  readonly name: string;
}

export interface MessageSchema<T> {
  readonly name: string;
  /** Sorted by field number (the encoding order). */
  readonly fields: readonly NamedField[];
  fieldByNumber(no: number): NamedField | undefined;
  readonly __value?: T;
}

export type FieldValue<F> = F extends FieldSpec<infer T> ? T : never;
export type MessageValue<M> = M extends MessageSchema<infer T> ? T : never;
type ValueOfFields<F> = { -readonly [K in keyof F]?: FieldValue<F[K]> };

function field<T>(no: number, kind: FieldKind, extra: Partial<FieldSpec<T>> = {}): FieldSpec<T> {
  return Object.freeze({
    no,
    kind,
    repeated: false,
    oneof: undefined,
    message: undefined,
    enumType: undefined,
    ...extra,
  });
}

export const int32 = (no: number): FieldSpec<number> => field(no, "int32");
export const uint32 = (no: number): FieldSpec<number> => field(no, "uint32");
export const bool = (no: number): FieldSpec<boolean> => field(no, "bool");
export const bytes = (no: number): FieldSpec<Uint8Array> => field(no, "bytes");
export const string = (no: number): FieldSpec<string> => field(no, "string");
export const enumField = <V extends Record<string, number>>(no: number, e: EnumSchema<V>): FieldSpec<number> =>
  field(no, "enum", { enumType: e as EnumSchema<Record<string, number>> });
export const messageField = <T>(no: number, m: MessageSchema<T>): FieldSpec<T> =>
  field<T>(no, "message", { message: m as MessageSchema<object> });
export const repeated = <T>(f: FieldSpec<T>): FieldSpec<T[]> =>
  Object.freeze({ ...f, repeated: true }) as FieldSpec<unknown> as FieldSpec<T[]>;
export const oneof = <T>(group: string, f: FieldSpec<T>): FieldSpec<T> => Object.freeze({ ...f, oneof: group });

export function defineMessage<const F extends Record<string, FieldSpec<unknown>>>(
  name: string,
  fields: F,
): MessageSchema<ValueOfFields<F>> {
  const list: NamedField[] = Object.keys(fields).map((k) => Object.freeze({ ...fields[k]!, name: k }));
  list.sort((a, b) => a.no - b.no);
  const byNo = new Map<number, NamedField>();
  for (const f of list) {
    if (!Number.isInteger(f.no) || f.no < 1 || f.no > 0x1fffffff || byNo.has(f.no)) {
      throw new RangeError(`${name}: bad or duplicate field number ${f.no}`);
    }
    byNo.set(f.no, f);
  }
  return Object.freeze({
    name,
    fields: Object.freeze(list),
    fieldByNumber: (no: number) => byNo.get(no),
  });
}
