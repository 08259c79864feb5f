import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { startCloudServer } from "../../../cloud-stub/server";
import type { CloudServer } from "../../../cloud-stub/server";
import { rest } from "../../../host-sim/loop";
import { saveSession } from "../../../scripts/cli/cloud-client/profile";
import type { CliIo } from "../../../scripts/cli/cloud-client/io";
import { register } from "../../../scripts/cli/commands/ota";
import { createOtaDevice, tapCloudPublishes } from "./ota-device";

const NODE = "OTACLI000001";

function cli() {
  const out: string[] = [];
  const err: string[] = [];
  let failed = false;
  const bars: string[] = [];
  const progressStream = new PassThrough();
  progressStream.on("data", (d: Buffer) => void bars.push(d.toString()));
  const io: CliIo = { out: (l) => void out.push(l), err: (l) => void err.push(l), fail: () => void (failed = true) };
  const run = async (...args: string[]) => {
    const program = new Command().exitOverride();
    register(program, io, { progressStream: progressStream as unknown as NodeJS.WriteStream });
    await program.parseAsync(["node", "xs-rainmaker", ...args]);
  };
  return { run, out, err, bars, failed: () => failed };
}

describe("e2e OTA CLI: keygen, build, push with per-node progress", function () {
  this.timeout(60_000);
  let dir: string;
  let cloud: CloudServer;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-ota-cli-"));
    cloud = await startCloudServer({ dataDir: join(dir, "cloud"), httpPort: 0, httpsPort: 0, mqttPort: 0 });
    const userId = "u-ota-cli";
    cloud.store.createUser({ userId, userName: "cli@example.com", passwordHash: await hashPassword("cli-pass-1234"), name: "Cli", confirmed: true, createdAt: Date.now() });
    cloud.store.ensureNode(NODE, Date.now());
    cloud.store.addMapping({ userId, nodeId: NODE, primary: true, mappedAt: 1 });
    const tokens = (await rest(cloud.urls.http, "POST", "/v1/login2", undefined, { user_name: "cli@example.com", password: "cli-pass-1234" })).body;
    saveSession(join(dir, "profile"), { baseUrl: cloud.urls.http, userName: "cli@example.com", accesstoken: tokens.accesstoken, idtoken: tokens.idtoken, refreshtoken: tokens.refreshtoken });
  });
  after(async () => {
    await cloud?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keygen refuses to overwrite; build signs what the device accepts; push waits for the node's final status", async () => {
    const c = cli();
    await c.run("ota", "keygen", "--out-dir", dir);
    assert.equal(statSync(join(dir, "ota-signing-key.pem")).mode & 0o777, 0o600);
    const publicHex = readFileSync(join(dir, "ota-public-key.txt"), "utf8").trim();
    assert.match(publicHex, /^04[0-9a-f]{128}$/);
    await c.run("ota", "keygen", "--out-dir", dir);
    assert.ok(c.failed());
    assert.match(c.err.join("\n"), /exists; use --force/);

    const bin = join(dir, "app.bin");
    const payload = randomBytes(40_000);
    writeFileSync(bin, payload);
    const b = cli();
    const image = join(dir, "demo.xsota");
    await b.run("ota", "build", "--app", "demo", "--project", "demo", "--version", "1.5.0", "--input", bin, "--key", join(dir, "ota-signing-key.pem"), "--out", image);
    assert.equal(b.failed(), false, b.err.join("\n"));
    assert.ok(existsSync(image));
    assert.match(b.out[0]!, /demo 1\.5\.0, payload 40000 bytes/);

    const device = createOtaDevice(
      {
        cloud,
        dir: join(dir, "device"),
        nodeId: NODE,
        project: "demo",
        publicKey: Buffer.from(publicHex, "hex"),
        factoryVersion: "1.0.0",
        versions: new Map([[createHash("sha256").update(payload).digest("hex"), "1.5.0"]]),
        validationWindowMs: 10_000,
      },
      tapCloudPublishes(cloud),
    );
    const p = cli();
    const pushing = p.run("ota", "push", "--image", image, "--nodes", NODE, "--interval", "50", "--timeout", "30", "--profile-dir", join(dir, "profile"));
    const end = Date.now() + 20_000;
    while (!p.out.some((l) => l.startsWith("job ")) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    let boot = device.boot();
    boot.agent.start();
    while (boot.restarts.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    boot = device.boot();
    assert.equal(boot.version, "1.5.0");
    await boot.agent.onConnected();
    await pushing;
    assert.equal(p.failed(), false, p.err.join("\n"));
    assert.match(p.bars.join(""), new RegExp(`${NODE}.*100% \\| success`));
    assert.match(p.out.join("\n"), /uploaded demo 1\.5\.0 as OTAIMG/);
    assert.match(p.out.join("\n"), new RegExp(`${NODE}: success \\(OTA Upgrade finished and verified successfully\\)`));
  });

  it("push refuses a missing or ambiguous node selection", async () => {
    const c = cli();
    await c.run("ota", "push", "--image", "OTAIMG0000000001", "--profile-dir", join(dir, "profile"));
    assert.ok(c.failed());
    assert.match(c.err.join("\n"), /choose the nodes/);
  });
});
