/**
 * `xs-rainmaker flash|build --ota-key <hex-or-file>`: the OTA image signing public key that goes
 * into the generated manifest's `config.ota.publicKey`, where the examples read it
 * (firmware/platform/moddable/app-config.ts `otaConfig`). Without the option the image takes no
 * updates; the simulator's key is never used silently, only named in a hint.
 */
import { createPublicKey } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseOtaPublicKey } from "../../firmware/platform/moddable/ota-public-key";
import { StateKeyFiles } from "../ota/state-signing-key";

/** State directories of `xs-rainmaker start` and `xs-rainmaker sim` (their `--state` defaults), relative to the repository. */
const SimulatorStateDirs = Object.freeze([".state/start", ".state/sim"]);

const PathLike = /[/\\]|\.(txt|pem|hex|key)$/i;

/** Throws unless `point` is on the P-256 curve (node:crypto checks it on import). */
function checkOnCurve(point: Uint8Array, where: string): Uint8Array {
  const coordinate = (from: number): string => Buffer.from(point.subarray(from, from + 32)).toString("base64url");
  try {
    createPublicKey({ key: { kty: "EC", crv: "P-256", x: coordinate(1), y: coordinate(33) }, format: "jwk" });
  } catch {
    throw new Error(`${where}: not a point on the P-256 curve (use the public key \`xs-rainmaker ota keygen\` prints)`);
  }
  return point;
}

/** The SEC1 point of a PEM P-256 key, public or private (only the public half is used). */
function pemPublicKey(pem: string, where: string): Uint8Array {
  let key;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new Error(`${where}: unreadable PEM key (${(error as Error).message})`);
  }
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error(`${where}: ${key.asymmetricKeyType ?? "unknown"} key, expected an ECDSA P-256 key`);
  }
  const jwk = key.export({ format: "jwk" });
  return new Uint8Array(Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]));
}

/**
 * The 65-byte key `--ota-key` names: a file holding the hex (`ota-public-key.txt` of
 * `xs-rainmaker ota keygen` or a simulator state dir) or a PEM P-256 key, else the hex itself.
 * Throws an error starting `--ota-key` that says what is wrong.
 */
export function readOtaKeyOption(value: string, cwd: string = process.cwd()): Uint8Array {
  const file = resolve(cwd, value);
  if (existsSync(file) && statSync(file).isFile()) {
    const where = `--ota-key ${file}`;
    const text = readFileSync(file, "utf8");
    const point = text.includes("-----BEGIN") ? pemPublicKey(text, where) : parseOtaPublicKey(text, where);
    return checkOnCurve(point, where);
  }
  if (PathLike.test(value)) throw new Error(`--ota-key ${file}: no such file (\`xs-rainmaker ota keygen\` writes ota-public-key.txt)`);
  return checkOnCurve(parseOtaPublicKey(value, "--ota-key"), "--ota-key");
}

/** The line printed when a build has no `--ota-key`, naming the simulator's key file when there is one. */
export function otaOffHint(repoRoot: string, cwd: string = process.cwd()): string {
  const found = SimulatorStateDirs.map((dir) => join(repoRoot, dir, StateKeyFiles.publicKey)).find((file) => existsSync(file));
  const source = found
    ? `${relative(cwd, found)} (the simulator's key; sign images with the ${StateKeyFiles.privateKey} next to it)`
    : "ota-public-key.txt (from `xs-rainmaker ota keygen`)";
  return `OTA off: the image has no config.ota.publicKey and takes no updates; pass --ota-key ${source}`;
}
