/**
 * The OTA signing key of a simulator state directory (`npm start`, `xs-rainmaker sim`): made once
 * with the `ota keygen` key generator and kept next to the device flash, so every run trusts the same key.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateOtaKeyPair, loadSigningKey, sec1PublicKey } from "./keys";

/** File names as `ota keygen` writes them. */
export const StateKeyFiles = Object.freeze({ privateKey: "ota-signing-key.pem", publicKey: "ota-public-key.txt" });

export interface StateSigningKey {
  /** The private key file for `ota build --key`. */
  keyFile: string;
  /** 65-byte SEC1 point for the agent's `config.ota.publicKey`. */
  publicKey: Uint8Array;
  /** True when this call made the key. */
  created: boolean;
}

/** Loads `<stateDir>/ota-signing-key.pem`, or makes and saves a new pair when there is none. */
export function ensureStateSigningKey(stateDir: string): StateSigningKey {
  const keyFile = join(stateDir, StateKeyFiles.privateKey);
  if (existsSync(keyFile)) {
    try {
      return { keyFile, publicKey: sec1PublicKey(loadSigningKey(readFileSync(keyFile, "utf8"))), created: false };
    } catch (error) {
      // never replaced silently: images signed with the old key would stop installing
      throw new Error(`${keyFile}: not a usable OTA signing key (${error instanceof Error ? error.message : String(error)}); delete it to make a new one`);
    }
  }
  const pair = generateOtaKeyPair();
  writeFileSync(keyFile, pair.privatePem, { mode: 0o600 });
  writeFileSync(join(stateDir, StateKeyFiles.publicKey), `${Buffer.from(pair.publicKey).toString("hex")}\n`);
  return { keyFile, publicKey: pair.publicKey, created: true };
}

/** The next patch version (`1.0.0` -> `1.0.1`), for the update the simulator suggests. */
export function nextPatchVersion(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}.${Number(m[3]) + 1}` : "1.0.1";
}
