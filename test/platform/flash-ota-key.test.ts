/**
 * `xs-rainmaker flash|build --ota-key`: the key (hex, hex file, PEM) lands in the generated
 * manifest's `config.ota.publicKey`, where the firmware's parser reads it back; a bad key stops the
 * command before anything is written; without the option only a hint is printed.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { otaConfigFrom } from "../../firmware/platform/moddable/ota-public-key";
import { register as registerBuild } from "../../scripts/cli/commands/build";
import { register as registerFlash } from "../../scripts/cli/commands/flash";
import { sec1PublicKey } from "../../scripts/ota/keys";
import { StateKeyFiles } from "../../scripts/ota/state-signing-key";
import { otaOffHint, readOtaKeyOption } from "../../scripts/moddable/ota-key-option";
import { makeFakeModdableSdk } from "../helpers/fake-moddable-sdk";
import { runCliInProcess } from "../helpers/cli-in-process";

const REPO = resolve(import.meta.dirname, "..", "..");

const cli = runCliInProcess;

function newKey(): { hex: string; privatePem: string; publicPem: string } {
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    hex: Buffer.from(sec1PublicKey(pair.privateKey)).toString("hex"),
    privatePem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** The key the firmware reads from a generated manifest's `config`, as hex. */
function firmwareKey(manifestPath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const lines: string[] = [];
  const ota = otaConfigFrom(manifest.config ?? {}, { log: (_level, _tag, message) => lines.push(message) });
  assert.deepEqual(lines, []);
  return ota && Buffer.from(ota.publicKey).toString("hex");
}

describe("xs-rainmaker flash / build --ota-key", function () {
  this.timeout(30_000);
  let dir: string;
  let env: Record<string, string>;
  const key = newKey();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "xsr-ota-key-"));
    const sdk = makeFakeModdableSdk(join(dir, "sdk"));
    env = { MODDABLE: sdk, IDF_PATH: dir };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("flash: a keygen-style hex file lands in config.ota.publicKey of a manifest including the project's", async () => {
    const keyFile = join(dir, "ota-public-key.txt");
    writeFileSync(keyFile, `${key.hex}\n`);
    const buildDir = join(dir, "flash-file");
    const run = await cli(registerFlash, ["flash", "--app", "lightbulb", "--ota-key", keyFile, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 0, run.err);
    const manifestPath = join(buildDir, "manifest.json");
    assert.match(run.out, new RegExp(`-m -p esp32 ${manifestPath.replace(/[.]/g, "\\.")}\\n`));
    assert.match(run.out, /ota: signing key 04[0-9a-f]{16}\.\.\. in config\.ota\.publicKey/);
    assert.doesNotMatch(run.out, /OTA off/);
    assert.deepEqual(JSON.parse(readFileSync(manifestPath, "utf8")), { include: [join(REPO, "manifest.json")], config: { ota: { publicKey: key.hex } } });
    assert.equal(firmwareKey(manifestPath), key.hex);
  });

  it("flash: the hex itself, upper case, and a PEM key (public or the signing key) give the same manifest key", async () => {
    const privateFile = join(dir, "ota-signing-key.pem");
    const publicFile = join(dir, "ota-public.pem");
    writeFileSync(privateFile, key.privatePem);
    writeFileSync(publicFile, key.publicPem);
    for (const [name, value] of [["hex", key.hex], ["upper", key.hex.toUpperCase()], ["private", privateFile], ["public", publicFile]] as const) {
      const buildDir = join(dir, `flash-${name}`);
      const run = await cli(registerFlash, ["flash", "--app", "switch", "--ota-key", value, "--build-dir", buildDir, "--dry-run"], env);
      assert.equal(run.code, 0, `${name}: ${run.err}`);
      assert.equal(firmwareKey(join(buildDir, "manifest.json")), key.hex, name);
    }
  });

  it("build: --ota-key gives mcconfig the generated manifest", async () => {
    const buildDir = join(dir, "build-lin");
    const run = await cli(registerBuild, ["build", "--target", "lin", "--app", "lightbulb", "--ota-key", key.hex, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 0, run.err);
    const manifestPath = join(buildDir, "manifest.json");
    assert.match(run.out, new RegExp(`-m -p lin -t build ${manifestPath.replace(/[.]/g, "\\.")}\\n`));
    assert.equal(firmwareKey(manifestPath), key.hex);
  });

  it("without --ota-key: the project manifest, no generated one, and one OTA off hint", async () => {
    for (const [register, args] of [[registerFlash, ["flash", "--app", "lightbulb"]], [registerBuild, ["build", "--app", "lightbulb"]]] as const) {
      const buildDir = join(dir, `none-${args[0]}`);
      const run = await cli(register, [...args, "--build-dir", buildDir, "--dry-run"], env);
      assert.equal(run.code, 0, run.err);
      assert.equal(run.out.match(/^OTA off: .*pass --ota-key /gm)?.length, 1, run.out);
      assert.match(run.out, new RegExp(` ${join(REPO, "manifest.json").replace(/[.]/g, "\\.")}\\n`));
      assert.equal(existsSync(buildDir), false);
    }
  });

  it("refuses a bad key with one line naming the problem, writing nothing and running no mcconfig", async () => {
    const shortFile = join(dir, "short.txt");
    writeFileSync(shortFile, key.hex.slice(0, 128));
    const rsaFile = join(dir, "rsa.pem");
    writeFileSync(rsaFile, generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ type: "spki", format: "pem" }).toString());
    const offCurve = `04${"11".repeat(64)}`;
    const cases: Array<[string, RegExp]> = [
      [key.hex.slice(2), /^--ota-key: 128 hex digits, expected 130/],
      [`02${key.hex.slice(2)}`, /^--ota-key: starts with 02, expected 04/],
      [`${key.hex.slice(0, -1)}z`, /^--ota-key: not hex/],
      [offCurve, /^--ota-key: not a point on the P-256 curve/],
      [join(dir, "missing", "ota-public-key.txt"), /^--ota-key .*missing\/ota-public-key\.txt: no such file/],
      [shortFile, /^--ota-key .*short\.txt: 128 hex digits, expected 130/],
      [rsaFile, /^--ota-key .*rsa\.pem: rsa key, expected an ECDSA P-256 key/],
    ];
    for (const [register, command] of [[registerFlash, "flash"], [registerBuild, "build"]] as const) {
      for (const [value, expected] of cases) {
        const buildDir = join(dir, "bad");
        const run = await cli(register, [command, "--app", "lightbulb", "--ota-key", value, "--build-dir", buildDir, "--dry-run"], env);
        assert.equal(run.code, 2, `${command} ${value}`);
        const lines = run.err.trimEnd().split("\n");
        assert.equal(lines.length, 1, run.err);
        assert.match(lines[0]!, new RegExp(`^${command}: ${expected.source.slice(1)}`));
        assert.doesNotMatch(run.out, /mcconfig/);
        assert.equal(existsSync(buildDir), false);
      }
    }
  });
});

describe("scripts/moddable readOtaKeyOption / otaOffHint", () => {
  it("any P-256 key round-trips as hex; any other hex-digit string is refused with an --ota-key error", () => {
    const keys = Array.from({ length: 8 }, () => newKey().hex);
    fc.assert(
      fc.property(fc.constantFrom(...keys), (hex) => assert.equal(Buffer.from(readOtaKeyOption(hex)).toString("hex"), hex)),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{0,140}$/), (text) => {
        try {
          readOtaKeyOption(text, tmpdir());
          assert.fail(`accepted ${text}`);
        } catch (error) {
          assert.match((error as Error).message, /^--ota-key: /);
        }
      }),
    );
  });

  it("names the simulator state dir's key file when there is one, and never reads it", () => {
    const root = mkdtempSync(join(tmpdir(), "xsr-ota-hint-"));
    try {
      assert.match(otaOffHint(root, root), /pass --ota-key ota-public-key\.txt \(from `xs-rainmaker ota keygen`\)$/);
      mkdirSync(join(root, ".state", "start"), { recursive: true });
      writeFileSync(join(root, ".state", "start", StateKeyFiles.publicKey), "not even a key\n");
      assert.match(otaOffHint(root, root), /^OTA off: the image has no config\.ota\.publicKey and takes no updates; pass --ota-key \.state\/start\/ota-public-key\.txt \(the simulator's key; sign images with the ota-signing-key\.pem next to it\)$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
