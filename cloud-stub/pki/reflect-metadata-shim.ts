/**
 * @peculiar/x509 loads tsyringe, which refuses to start without the Reflect metadata API
 * (x509 README "Reflect Polyfill Required"). No polyfill package is installed, so this supplies the
 * three functions tsyringe calls (getMetadata, getOwnMetadata, defineMetadata), only if absent.
 * Imported solely by `./x509`, before the library.
 */
type MetadataTable = WeakMap<object, Map<unknown, unknown>>;

interface ReflectMetadata {
  getMetadata?(key: unknown, target: object): unknown;
  getOwnMetadata?(key: unknown, target: object): unknown;
  defineMetadata?(key: unknown, value: unknown, target: object): void;
}

function install(reflect: ReflectMetadata, table: MetadataTable): void {
  reflect.getOwnMetadata = (key, target) => table.get(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const own = table.get(t);
      if (own?.has(key)) return own.get(key);
    }
    return undefined;
  };
  reflect.defineMetadata = (key, value, target) => {
    const own = table.get(target) ?? new Map<unknown, unknown>();
    own.set(key, value);
    table.set(target, own);
  };
}

const reflect = Reflect as unknown as ReflectMetadata;
if (typeof reflect.getMetadata !== "function") install(reflect, new WeakMap());
