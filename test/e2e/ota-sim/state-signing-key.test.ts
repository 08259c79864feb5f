import assert from "node:assert/strict";
import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { ensureStateSigningKey, nextPatchVersion } from "../../../scripts/ota/state-signing-key";
import { otaTryLines } from "../../../scripts/ota/try-update-hint";
import { buildImage, inspectImage, verifyImageSignature } from "../../../scripts/ota/image-builder";
import { generateOtaKeyPair, loadSigningKey, sec1PublicKey } from "../../../scripts/ota/keys";
import { appPath } from "../../../scripts/cli/commands/ota";

describe("simulator OTA key and update hint", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-state-key-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("makes the key pair once, keeps it private, and returns the same public key on later runs", async () => {
    const first = ensureStateSigningKey(dir);
    assert.equal(first.created, true);
    assert.equal(first.keyFile, join(dir, "ota-signing-key.pem"));
    assert.equal(statSync(first.keyFile).mode & 0o777, 0o600);
    assert.equal((await readFile(join(dir, "ota-public-key.txt"), "utf8")).trim(), Buffer.from(first.publicKey).toString("hex"));
    const second = ensureStateSigningKey(dir);
    assert.equal(second.created, false);
    assert.deepEqual(second.publicKey, first.publicKey);
    // an image signed with the kept private key verifies against the public key the devices get
    const image = buildImage({ payload: new Uint8Array([1, 2, 3]), project: "lightbulb", version: "1.0.1", key: loadSigningKey(await readFile(first.keyFile, "utf8")) });
    assert.equal(verifyImageSignature(inspectImage(image).prefix, second.publicKey), true);
    assert.equal(verifyImageSignature(inspectImage(image).prefix, generateOtaKeyPair().publicKey), false);
  });

  it("reads the same 65-byte public point from a private key, its public KeyObject and its PEM", () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const point = sec1PublicKey(privateKey);
    assert.equal(point.length, 65);
    assert.equal(point[0], 4);
    assert.deepEqual(sec1PublicKey(createPublicKey(privateKey)), point);
    assert.deepEqual(sec1PublicKey(createPublicKey(createPublicKey(privateKey).export({ type: "spki", format: "pem" }))), point);
  });

  it("refuses a damaged key file with an error instead of replacing it", async () => {
    const other = await mkdtemp(join(tmpdir(), "xsr-state-key-bad-"));
    try {
      await writeFile(join(other, "ota-signing-key.pem"), "not a key\n");
      assert.throws(() => ensureStateSigningKey(other), /ota-signing-key\.pem: not a usable OTA signing key .*delete it to make a new one/);
      assert.equal(await readFile(join(other, "ota-signing-key.pem"), "utf8"), "not a key\n");
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("suggests the next patch version", () => {
    assert.equal(nextPatchVersion("1.0.0"), "1.0.1");
    assert.equal(nextPatchVersion("2.3.9"), "2.3.10");
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), fc.nat(1000), (a, b, c) => nextPatchVersion(`${a}.${b}.${c}`) === `${a}.${b}.${c + 1}`),
    );
    fc.assert(fc.property(fc.string(), (v) => /^\d+\.\d+\.\d+$/.test(nextPatchVersion(v))));
  });

  it("prints runnable commands, quoting paths that need it", () => {
    const lines = otaTryLines({ stateDir: "/tmp/my state", keyFile: "/tmp/my state/ota-signing-key.pem", app: "lightbulb", running: "1.0.4", nodes: "AABBCCDDEEFF" });
    assert.match(lines[1]!, /^ {2}npx xs-rainmaker ota build --app lightbulb --version 1\.0\.5 --key '\/tmp\/my state\/ota-signing-key\.pem' --out '\/tmp\/my state\/lightbulb-1\.0\.5\.xsota'$/);
    assert.equal(lines[2], "  npx xs-rainmaker ota push --image '/tmp/my state/lightbulb-1.0.5.xsota' --nodes AABBCCDDEEFF");
  });

  it("ota build --app takes an example app's name, and says so when there is none", () => {
    assert.equal(appPath("lightbulb"), join(import.meta.dirname, "..", "..", "..", "firmware", "examples", "lightbulb"));
    assert.throws(() => appPath("no-such-app"), /--app no-such-app: no such file or folder, and no example app of that name/);
    assert.throws(() => appPath("../xsr-no-such-folder"), /no such file or folder/);
  });
});
