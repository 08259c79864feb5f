import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runCli, runCliUntil } from "./cli-child";

const runStart = (args: string[]) => runCli(["start", "--exit-when-online", ...args]);
const runStartUntil = (args: string[], ready: RegExp, whileRunning: (out: string) => Promise<void>) => runCliUntil(["start", ...args], ready, (out) => whileRunning(out()));

describe("e2e: xs-rainmaker start (npm start)", function () {
  this.timeout(200_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-start-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the whole loop on fresh state, then resumes without provisioning or claiming", async () => {
    const ports = ["--http-port", String(await freePort()), "--https-port", String(await freePort()), "--mqtt-port", String(await freePort())];
    const first = await runStart(["--state", dir, ...ports]);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, /\[phone\] ==== Provisioning was successful ====/);
    assert.match(first.out, /claim: node [0-9A-F]{12} claimed/);
    assert.match(first.out, /Node ([0-9A-F]{12}) is online, its config and params are in the cloud, and it belongs to maker@example\.com/);
    assert.match(first.out, /io: gpio 25 pwm <- \d+\/1023/);
    assert.match(first.out, /npx xs-rainmaker params set [0-9A-F]{12} --data/);
    const nodeId = /Node ([0-9A-F]{12}) is online/.exec(first.out)![1];
    const second = await runStart(["--state", dir, ...ports]);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /resuming/);
    assert.doesNotMatch(second.out, /\[phone\]|claiming/);
    assert.match(second.out, new RegExp(`Node ${nodeId} is online`));

    // a third run stays up: the dashboard's Add-device page serves the QR payload the device printed
    const printedQr = /QR payload: (\{.*\})/.exec(first.out)?.[1];
    assert.ok(printedQr, "the device printed its QR payload while provisioning");
    let served: unknown;
    const third = await runStartUntil(["--state", dir, ...ports], /Press Ctrl\+C to stop/, async (out) => {
      const base = /REST +(http:\/\/127\.0\.0\.1:\d+)\/v1\//.exec(out)![1]!;
      const [, userName, password] = /user +(\S+) \/ password (\S+)/.exec(out)!;
      const login = await fetch(`${base}/v1/login2`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ user_name: userName, password }) });
      const { accesstoken } = (await login.json()) as { accesstoken: string };
      const page = await fetch(`${base}/v1/user/dashboard/add-device`, { headers: { authorization: accesstoken } });
      assert.equal(page.status, 200);
      served = ((await page.json()) as { qr_payloads: unknown }).qr_payloads;
    });
    assert.equal(third.error, undefined, String(third.error));
    assert.equal(third.code, 0, third.out);
    assert.deepEqual(served, [JSON.parse(printedQr!)]);
    assert.match(third.out, /SIGINT: stopping the device and the cloud/);
  });
});
