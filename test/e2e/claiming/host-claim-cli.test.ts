import assert from "node:assert/strict";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { createKv } from "../../../host-sim/adapters/kv";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { base64Decode } from "../../../firmware/protocol/der/pem";
import { saveSession } from "../../../scripts/cli/cloud-client/profile";
import { register, runClaim, BoardCredentialsFormat } from "../../../scripts/cli/commands/claim";
import type { CloudHarness } from "../../cloud-stub/claim/fixtures";
import { FACTORY_SECRET_HEX, connectWith, startClaimCloud } from "./rig";

const SIM_MAC = "24DCC3D00001";
const BOARD_MAC = "24DCC3D00002";

describe("e2e: xs-rainmaker claim (host claim)", function () {
  this.timeout(60_000);
  let h: CloudHarness;
  let dir: string;
  let caFile: string;
  before(async () => {
    h = await startClaimCloud([SIM_MAC, BOARD_MAC]);
    dir = await mkdtemp(join(tmpdir(), "xsr-claim-cli-"));
    caFile = join(dir, "ca.pem");
    await writeFile(caFile, h.server.authority.caPem);
  });
  after(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes a simulated device's flash, which the firmware loads and uses over mTLS", async () => {
    const deviceDir = join(dir, "sim");
    await mkdir(deviceDir, { recursive: true });
    await writeFile(join(deviceDir, "factory.json"), JSON.stringify({ mac: SIM_MAC, secretHex: FACTORY_SECRET_HEX, randomHex: "00".repeat(64) }));
    const lines: string[] = [];
    await runClaim({ cloud: h.server.urls.https, deviceDir, ca: caFile, platform: "esp32", keySource: "device" }, (l) => lines.push(l));
    const creds = loadCredentials(createKv({ file: join(deviceDir, "flash.cbor") }));
    assert.ok(creds);
    assert.equal(creds.nodeId, SIM_MAC);
    assert.match(lines[0], /claimed; credentials written/);
    await connectWith(h, creds);
  });

  it("writes a board credentials file whose preferences rebuild the same credentials", async () => {
    const out = join(dir, "board.json");
    await runClaim({ cloud: h.server.urls.https, mac: BOARD_MAC, secret: FACTORY_SECRET_HEX, out, ca: caFile, platform: "esp32", keySource: "server" }, () => undefined);
    const file = JSON.parse(await readFile(out, "utf8"));
    assert.equal(file.format, BoardCredentialsFormat);
    const kv = createMemoryKv();
    for (const p of file.preferences) kv.set(p.namespace, p.key, p.type === "bytes" ? base64Decode(p.base64) : p.value);
    const creds = loadCredentials(kv)!;
    assert.equal(creds.nodeId, BOARD_MAC);
    assert.deepEqual(creds.privateKey, base64Decode(file.private_key));
    await connectWith(h, creds);
    await assert.rejects(runClaim({ cloud: h.server.urls.https, mac: BOARD_MAC, secret: FACTORY_SECRET_HEX, out, ca: caFile, platform: "esp32", keySource: "server" }, () => undefined), /exists/);
  });

  it("claims as the logged-in user with --user, for a MAC in no factory batch", async () => {
    const profile = join(dir, "profile");
    saveSession(profile, { baseUrl: h.server.urls.http, userName: "maker@example.com", accesstoken: await h.userToken(), idtoken: "x", refreshtoken: "x" });
    const out = join(dir, "user.json");
    const creds = await runClaim({ cloud: h.server.urls.https, mac: "24DCC3D0FFFF", out, ca: caFile, platform: "esp32", keySource: "device", user: true, profileDir: profile }, () => undefined);
    assert.equal(creds.nodeId, "24DCC3D0FFFF");
    await connectWith(h, creds);
  });

  it("fails with one clear line and exit code 1 on a refused claim", async () => {
    const program = new Command().exitOverride();
    register(program);
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      await program.parseAsync(["claim", "--cloud", h.server.urls.https, "--mac", "24DCC3D0EEEE", "--secret", FACTORY_SECRET_HEX, "--out", join(dir, "x.json"), "--ca", caFile], { from: "user" });
    } finally {
      console.error = original;
    }
    assert.equal(process.exitCode, 1);
    process.exitCode = 0;
    assert.equal(errors.length, 1);
    assert.match(errors[0], /error: .*404/);
  });
});
