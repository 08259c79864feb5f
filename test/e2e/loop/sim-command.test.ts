import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../../cloud-stub/store/sqlite";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";
import { CloudServerDefaults, startCloudServer } from "../../../cloud-stub/server";
import { hashPassword } from "../../../cloud-stub/auth/password";

function runSim(args: string[], stdin: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli/main.ts", "sim", ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    child.stdin.end(stdin);
  });
}

/** How many devices the embedded cloud of `stateDir` has in its factory batches (the self claim registers them). */
function factoryDevices(stateDir: string): number {
  const store = openSqliteStore(join(stateDir, "cloud", CloudServerDefaults.databaseFile));
  try {
    return openClaimStore(store.db).countFactoryDevices();
  } finally {
    store.close();
  }
}

/** A CA file for flag checks (the content is not used before the flags are refused). */
function env0(dir: string): string {
  return join(dir, "ca.pem");
}

describe("e2e: xs-rainmaker sim", function () {
  this.timeout(200_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-simcmd-"));
    await writeFile(env0(dir), "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("brings a fleet online from a Wi-Fi environment file and drives it from the console", async () => {
    const env = join(dir, "env.json");
    await writeFile(env, JSON.stringify({ networks: [{ ssid: "office", passphrase: "office-pass" }, { ssid: "guest" }], connectDelayMs: 20 }));
    const { code, out } = await runSim(["--devices", "3", "--app", "switch", "--state", join(dir, "state"), "--wifi", env], "list\npress 1 50\npin 1 4\nreboot 9\nquit\n");
    assert.equal(code, 0, out);
    assert.match(out, /3 switch device\(s\) online in [\d.]+ s/);
    // the devices trust the state's OTA key; the printed commands name it and the three nodes
    assert.match(out, /ota build --app switch --version 1\.0\.1 --key \S*state\/ota-signing-key\.pem --out \S*state\/switch-1\.0\.1\.xsota/);
    assert.match(out, /ota push --image \S*state\/switch-1\.0\.1\.xsota --nodes [0-9A-F]{12}(,[0-9A-F]{12}){2}$/m);
    assert.equal(out.match(/^\d {2}[0-9A-F]{12} {2}online$/gm)?.length, 3, out);
    assert.match(out, /gpio 4 = 1/);
    assert.match(out, /no device 9; devices are 1\.\.3/);
    assert.equal(factoryDevices(join(dir, "state")), 3, "by default each device self-claims with its registered factory secret");
  });

  it("claims with server-made keys when asked (--claim server-key)", async () => {
    const { code, out } = await runSim(["--devices", "2", "--claim", "server-key", "--state", join(dir, "server-key"), "--exit-when-online"], "");
    assert.equal(code, 0, out);
    assert.match(out, /2 lightbulb device\(s\) online in [\d.]+ s/);
    assert.equal(factoryDevices(join(dir, "server-key")), 0, "no factory secret was registered");
  });

  it("self-claims against a cloud in another process, registering the factory secrets in its data directory", async () => {
    const data = join(dir, "external-cloud");
    const cloud = await startCloudServer({ dataDir: data, httpPort: 0, httpsPort: 0, mqttPort: 0 });
    try {
      cloud.store.createUser({ userId: "u-ext", userName: "ext@example.com", passwordHash: await hashPassword("ext-pass-123"), name: "Ext", confirmed: true, createdAt: Date.now() });
      const ca = join(dir, "external-ca.pem");
      await writeFile(ca, cloud.authority.caPem);
      const { code, out } = await runSim(["--cloud", cloud.urls.http, "--claim-url", cloud.urls.https, "--ca", ca, "--user", "ext@example.com", "--password", "ext-pass-123",
        "--cloud-data", data, "--devices", "2", "--state", join(dir, "external"), "--exit-when-online"], "");
      assert.equal(code, 0, out);
      assert.match(out, /2 lightbulb device\(s\) online in [\d.]+ s/);
      assert.equal(cloud.claims.countFactoryDevices(), 2);
    } finally {
      await cloud.close();
    }
  });

  it("refuses bad flags with a clear message", async () => {
    const bad = await runSim(["--devices", "0", "--state", join(dir, "bad")], "");
    assert.equal(bad.code, 1);
    assert.match(bad.out, /--devices must be a whole number >= 1, got 0/);
    const app = await runSim(["--app", "toaster", "--state", join(dir, "bad")], "");
    assert.match(app.out, /unknown app "toaster"/);
    const claim = await runSim(["--claim", "ec", "--state", join(dir, "bad")], "");
    assert.equal(claim.code, 1);
    assert.match(claim.out, /--claim must be one of self, server-key, got "ec"/);
    const external = await runSim(["--cloud", "http://127.0.0.1:9", "--user", "u", "--password", "p", "--ca", env0(dir), "--state", join(dir, "bad")], "");
    assert.match(external.out, /--cloud with the self claim needs --cloud-data/);
  });
});
