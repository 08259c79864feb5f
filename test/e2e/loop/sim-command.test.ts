import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

describe("e2e: xs-rainmaker sim", function () {
  this.timeout(200_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-simcmd-"));
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
    assert.equal(out.match(/^\d {2}[0-9A-F]{12} {2}online$/gm)?.length, 3, out);
    assert.match(out, /gpio 4 = 1/);
    assert.match(out, /no device 9; devices are 1\.\.3/);
  });

  it("refuses bad flags with a clear message", async () => {
    const bad = await runSim(["--devices", "0", "--state", join(dir, "bad")], "");
    assert.equal(bad.code, 1);
    assert.match(bad.out, /--devices must be a whole number >= 1, got 0/);
    const app = await runSim(["--app", "toaster", "--state", join(dir, "bad")], "");
    assert.match(app.out, /unknown app "toaster"/);
  });
});
