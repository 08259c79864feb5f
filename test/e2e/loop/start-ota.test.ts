import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runCli, runCliUntil } from "./cli-child";
import { login, rest } from "../../../host-sim/loop";

/** The `npx xs-rainmaker …` lines of the "Try an OTA update" block, as argument lists. */
function printedOtaCommands(out: string): string[][] {
  const block = out.slice(out.indexOf("Try an OTA update"));
  const login = /^ {2}npx xs-rainmaker (login .*)$/m.exec(out)![1]!;
  const ota = [...block.matchAll(/^ {2}npx xs-rainmaker (ota (?:build|push) .*)$/gm)].map((m) => m[1]!);
  return [login, ...ota].map((line) => line.split(/\s+/));
}

describe("e2e: npm start, then the OTA commands it prints, as a user runs them", function () {
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-start-ota-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("ota build + ota push update the running device to 1.0.1: the job ends success and the node config shows it", async () => {
    const state = join(dir, "state");
    const env = { ...process.env, XS_RAINMAKER_HOME: join(dir, "home") };
    const ports = ["--http-port", String(await freePort()), "--https-port", String(await freePort()), "--mqtt-port", String(await freePort())];
    const steps: Array<{ args: string[]; code: number | null; out: string }> = [];
    let fwVersion: unknown;
    const run = await runCliUntil(["start", "--state", state, ...ports], /Press Ctrl\+C to stop/, async (out) => {
      const commands = printedOtaCommands(out());
      assert.deepEqual(commands.map((c) => c.slice(0, 2).join(" ")), ["login -u", "ota build", "ota push"]);
      for (const args of commands) {
        const step = await runCli(args, { env, timeoutMs: 60_000 });
        steps.push({ args, ...step });
        assert.equal(step.code, 0, `${args.join(" ")}:\n${step.out}`);
      }
      const base = /REST +(http:\/\/127\.0\.0\.1:\d+)\/v1\//.exec(out())![1]!;
      const [, userName, password] = /user +(\S+) \/ password (\S+)/.exec(out())!;
      const nodeId = /Node ([0-9A-F]{12}) is online/.exec(out())![1]!;
      const token = await login(base, userName!, password!);
      const end = Date.now() + 15_000;
      do {
        fwVersion = (await rest(base, "GET", `/v1/user/nodes/config?nodeid=${nodeId}`, token)).body?.info?.fw_version;
        if (fwVersion === "1.0.1") break;
        await new Promise((r) => setTimeout(r, 200));
      } while (Date.now() < end);
    }, { env, timeoutMs: 150_000 });
    assert.equal(run.error, undefined, `${String(run.error)}\n${run.out}`);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /Try an OTA update \(the device runs lightbulb 1\.0\.0 and trusts the key \S+ota-signing-key\.pem\)/);
    assert.match(steps[1]!.out, /lightbulb 1\.0\.1, payload \d+ bytes/);
    assert.match(steps[2]!.out, /^[0-9A-F]{12}: success \(OTA Upgrade finished and verified successfully\)$/m);
    assert.match(run.out, /booting lightbulb 1\.0\.1 from slot b \(ota\)/, "the device rebooted into the new image");
    assert.equal(fwVersion, "1.0.1");
  });
});
