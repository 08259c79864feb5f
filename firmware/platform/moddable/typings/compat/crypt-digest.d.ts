// "crypt" Digest as declared by SDK 8.2.3 typings/crypt.d.ts.
declare module "crypt" {
  export class Digest {
    constructor(type: "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512");
    write(message: string | ArrayBuffer): void;
    close(): ArrayBuffer;
    reset(): void;
    readonly blockSize: number;
    readonly outputSize: number;
    update(message: string | ArrayBuffer): void;
  }
}
