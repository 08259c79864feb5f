// "mc/ffi" fallback as in SDK 8.2.3 typings/mc/ffi.d.ts; mcconfig generates exact signatures per build.
declare module "mc/ffi" {
  interface FFI {
    [name: string]: (...args: any[]) => any;
  }
  const FFI: { new (): FFI };
  export default FFI;
}
