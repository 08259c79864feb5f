/**
 * Host claim for a real board, end to end without a board: `xs-rainmaker claim --out board.json`
 * against the cloud stub, `xs-rainmaker flash --credentials board.json --dry-run` checks it and
 * writes the generated manifest + resource, and the firmware's loader stores that resource in a kv
 * from which `loadCredentials` gives credentials the stub's broker accepts over mutual TLS.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { base64Encode } from "../../../firmware/protocol/der/pem";
import { FactoryCredentials, installFactoryCredentials } from "../../../firmware/platform/moddable/factory-credentials-loader";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { runClaim } from "../../../scripts/cli/commands/claim";
import { register as registerBuild } from "../../../scripts/cli/commands/build";
import { register } from "../../../scripts/cli/commands/flash";
import { checkBoardFile } from "../../../scripts/moddable/board-credentials";
import { makeFakeModdableSdk } from "../../helpers/fake-moddable-sdk";
import { runCliInProcess, type CliRun } from "../../helpers/cli-in-process";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { FACTORY_SECRET_HEX, connectWith, startClaimCloud } from "./rig";

const BOARD_MAC = "24DCC3D00B0A";
const REPO = resolve(import.meta.dirname, "..", "..", "..");

/** Runs `xs-rainmaker flash ...` in this process with a fake SDK and IDF, capturing its output. */
function flash(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runCliInProcess(register, ["flash", ...args], env);
}

describe("e2e: board credentials file -> flash --credentials -> first boot", function () {
  this.timeout(60_000);
  let h: CloudHarness;
  let dir: string;
  let boardFile: string;
  let board: Record<string, unknown>;
  let env: Record<string, string>;

  before(async () => {
    h = await startClaimCloud([BOARD_MAC]);
    dir = mkdtempSync(join(tmpdir(), "xsr-board-file-"));
    const caFile = join(dir, "ca.pem");
    writeFileSync(caFile, h.server.authority.caPem);
    boardFile = join(dir, "board.json");
    await runClaim({ cloud: h.server.urls.https, mac: BOARD_MAC, secret: FACTORY_SECRET_HEX, out: boardFile, ca: caFile, platform: "esp32", keySource: "server" }, () => undefined);
    board = JSON.parse(readFileSync(boardFile, "utf8"));
    const sdk = makeFakeModdableSdk(join(dir, "sdk"));
    env = { MODDABLE: sdk, IDF_PATH: dir };
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("dry run checks the file, writes manifest + resource, and the loader installs credentials the broker accepts", async () => {
    const buildDir = join(dir, "build-ok");
    const run = await flash(["--app", "lightbulb", "--credentials", boardFile, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, new RegExp(`credentials: node ${BOARD_MAC}, MQTT 127\\.0\\.0\\.1:\\d+`));
    const manifestPath = join(buildDir, "manifest.json");
    assert.match(run.out, new RegExp(`-m -p esp32 ${manifestPath.replace(/[.]/g, "\\.")}\\n`));
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    assert.deepEqual(manifest.include, [join(REPO, "manifest.json")]);
    assert.deepEqual(manifest.data, { "*": ["./xsr-node-credentials"] });
    const resourceFile = join(buildDir, FactoryCredentials.resource);
    assert.equal(statSync(resourceFile).mode & 0o777, 0o600);
    const resource = JSON.parse(readFileSync(resourceFile, "utf8"));
    assert.equal(resource.preferences, undefined);
    assert.equal(resource.private_key, board["private_key"]);

    const kv = createMemoryKv();
    const lines: string[] = [];
    const log = { log: (level: string, tag: string, message: string) => lines.push(`${level} ${tag}: ${message}`) };
    const bytes = new Uint8Array(readFileSync(resourceFile));
    assert.equal(installFactoryCredentials((name) => (name === FactoryCredentials.resource ? bytes : undefined), kv, log), "installed");
    assert.deepEqual(lines, [`info claim: node ${BOARD_MAC}: credentials installed from the firmware image`]);
    const creds = loadCredentials(kv)!;
    assert.equal(creds.nodeId, BOARD_MAC);
    await connectWith(h, creds);
  });

  it("with --ota-key: one generated manifest holds the credentials resource and config.ota.publicKey", async () => {
    const { publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const hex = `04${Buffer.from(jwk.x!, "base64url").toString("hex")}${Buffer.from(jwk.y!, "base64url").toString("hex")}`;
    const buildDir = join(dir, "build-ota");
    const run = await flash(["--app", "lightbulb", "--credentials", boardFile, "--ota-key", hex, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out, /OTA off/);
    const manifest = JSON.parse(readFileSync(join(buildDir, "manifest.json"), "utf8"));
    assert.deepEqual(manifest, { include: [join(REPO, "manifest.json")], data: { "*": ["./xsr-node-credentials"] }, config: { ota: { publicKey: hex } } });
    assert.equal(JSON.parse(readFileSync(join(buildDir, FactoryCredentials.resource), "utf8")).node_id, BOARD_MAC);

    const badDir = join(dir, "build-ota-bad");
    const bad = await flash(["--app", "lightbulb", "--credentials", boardFile, "--ota-key", hex.slice(0, 64), "--build-dir", badDir, "--dry-run"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^flash: --ota-key: 64 hex digits, expected 130/);
    assert.equal(existsSync(badDir), false);
  });

  it("build --target lin --credentials: the same generated manifest and resource, for the desktop simulator", async () => {
    const buildDir = join(dir, "build-lin");
    const run = await runCliInProcess(registerBuild, ["build", "--target", "lin", "--app", "lightbulb", "--credentials", boardFile, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 0, run.err);
    const manifestPath = join(buildDir, "manifest.json");
    assert.match(run.out, new RegExp(`-m -p lin -t build ${manifestPath.replace(/[.]/g, "\\.")}\\n`));
    assert.deepEqual(JSON.parse(readFileSync(manifestPath, "utf8")), { include: [join(REPO, "manifest.json")], data: { "*": ["./xsr-node-credentials"] } });
    assert.equal(JSON.parse(readFileSync(join(buildDir, FactoryCredentials.resource), "utf8")).node_id, BOARD_MAC);
    const bad = await runCliInProcess(registerBuild, ["build", "--target", "lin", "--app", "lightbulb", "--credentials", join(dir, "nope.json"), "--build-dir", join(dir, "build-lin-bad"), "--dry-run"], env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^build: --credentials .*nope\.json does not exist/);
    assert.equal(existsSync(join(dir, "build-lin-bad")), false);
  });

  it("refuses a missing file and a malformed one with one line per field, writing nothing", async () => {
    const missing = await flash(["--app", "lightbulb", "--credentials", join(dir, "nope.json"), "--dry-run"], env);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.json does not exist/);

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ ...board, mqtt_port: 0, node_id: "" }));
    const buildDir = join(dir, "build-bad");
    const run = await flash(["--app", "lightbulb", "--credentials", bad, "--build-dir", buildDir, "--dry-run"], env);
    assert.equal(run.code, 2);
    assert.match(run.err, /bad\.json: node_id: expected/);
    assert.match(run.err, /bad\.json: mqtt_port: expected an integer 1\.\.65535, found 0/);
    assert.doesNotMatch(run.out, /mcconfig/);
    assert.equal(existsSync(buildDir), false);
  });

  describe("checkBoardFile: each malformed field", () => {
    const ecKey = base64Encode(new Uint8Array(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "der", type: "pkcs8" })));
    const otherRsa = base64Encode(new Uint8Array(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "der", type: "pkcs8" })));
    const cases: Array<[string, (b: Record<string, unknown>) => Record<string, unknown>, RegExp]> = [
      ["format", (b) => ({ ...b, format: "v0" }), /^format: expected "xs-rainmaker-node-credentials\/1", found "v0"$/],
      ["node_id missing", (b) => ({ ...b, node_id: undefined }), /^node_id: expected .* found null$/],
      ["node_id with a slash", (b) => ({ ...b, node_id: "a/b" }), /^node_id: expected/],
      ["node_id not the certificate's CN", (b) => ({ ...b, node_id: "24DCC3D00000" }), /^certificate: subject CN 24DCC3D00B0A is not node_id 24DCC3D00000$/],
      ["mqtt_host empty", (b) => ({ ...b, mqtt_host: "" }), /^mqtt_host: expected a host name/],
      ["mqtt_host with a space", (b) => ({ ...b, mqtt_host: "a b" }), /^mqtt_host: expected/],
      ["mqtt_port string", (b) => ({ ...b, mqtt_port: "8883" }), /^mqtt_port: expected an integer 1\.\.65535, found "8883"$/],
      ["mqtt_port too big", (b) => ({ ...b, mqtt_port: 70000 }), /^mqtt_port: .*70000$/],
      ["certificate missing", (b) => ({ ...b, certificate: undefined }), /^certificate: missing \(base64 DER expected\)$/],
      ["certificate not base64", (b) => ({ ...b, certificate: "%%%%" }), /^certificate: not base64$/],
      ["certificate not DER", (b) => ({ ...b, certificate: "AAAA" }), /^certificate: not a DER X\.509 certificate/],
      ["certificate is the key", (b) => ({ ...b, certificate: b["private_key"] }), /^certificate: not a DER X\.509 certificate/],
      ["private_key not PKCS#8", (b) => ({ ...b, private_key: b["certificate"] }), /^private_key: not a PKCS#8 DER private key/],
      ["private_key EC", (b) => ({ ...b, private_key: ecKey }), /^private_key: ec key, but the board's TLS signs only with RSA$/],
      ["private_key of another certificate", (b) => ({ ...b, private_key: otherRsa }), /^private_key: does not match the certificate's public key$/],
      ["ca_certificate garbage", (b) => ({ ...b, ca_certificate: "MAMCAQE=" }), /^ca_certificate: not a DER X\.509 certificate/],
      ["chain not a list", (b) => ({ ...b, chain: "x" }), /^chain: expected a list/],
      ["chain entry garbage", (b) => ({ ...b, chain: ["!"] }), /^chain\[0\]: not base64$/],
      ["chain too long", (b) => ({ ...b, chain: Array(5).fill(b["certificate"]) }), /^chain: 5 certificates, at most 4$/],
    ];
    for (const [name, mutate, expected] of cases) {
      it(name, () => {
        const result = checkBoardFile(JSON.stringify(mutate(board)));
        assert.equal(result.credentials, undefined);
        assert.equal(result.problems.length, 1, result.problems.join("\n"));
        assert.match(result.problems[0]!, expected);
      });
    }

    it("never throws: any field replaced by any JSON value gives credentials or field-named problems", () => {
      const fields = ["format", "node_id", "mqtt_host", "mqtt_port", "certificate", "private_key", "ca_certificate", "chain"];
      fc.assert(
        fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
          const result = checkBoardFile(JSON.stringify({ ...board, [field]: value }));
          if (result.credentials) assert.deepEqual(result.problems, []);
          else for (const p of result.problems) assert.match(p, /^(file|format|node_id|mqtt_host|mqtt_port|certificate|private_key|ca_certificate|chain(\[\d+\])?): /);
          assert.ok(result.credentials !== undefined || result.problems.length > 0);
        }),
        { numRuns: 200 },
      );
    });

    it("not JSON, not an object", () => {
      assert.deepEqual(checkBoardFile("[1]").problems, ["file: not a JSON object"]);
      assert.match(checkBoardFile("{").problems[0]!, /^file: not JSON/);
    });

    it("accepts the claim's file and a CA-less one", () => {
      assert.equal(checkBoardFile(JSON.stringify(board)).credentials?.nodeId, BOARD_MAC);
      const noCa = checkBoardFile(JSON.stringify({ ...board, ca_certificate: null }));
      assert.equal(noCa.credentials?.caCertificate, undefined);
    });
  });
});
