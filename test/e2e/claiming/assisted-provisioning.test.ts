import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { assistedSoftApProvisioning, rest } from "../../../host-sim/loop";
import { saveSession } from "../../../scripts/cli/cloud-client/profile";
import type { SoftApInfo } from "../../../host-sim/device";
import { eventually, NETWORK, startLoop, type Loop } from "../loop/fixture";

function provisionCli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/cli/main.ts", "provision", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A fresh simulated device that waits in SoftAP provisioning (security 2) with the assisted claim. */
async function freshDevice(loop: Loop, name: string) {
  let ready!: (info: SoftApInfo) => void;
  const softAp = new Promise<SoftApInfo>((r) => (ready = r));
  const { device } = await loop.newDevice(name, { provision: assistedSoftApProvisioning({ security: 2, onReady: ready }), claimStrategy: "assisted" });
  const agent = device.boot();
  return { device, agent, info: await softAp };
}

describe("e2e: assisted claim through our provisioning client (SoftAP, security 2)", function () {
  this.timeout(120_000);
  let loop: Loop;
  let caFile: string;
  before(async () => {
    loop = await startLoop();
    caFile = join(loop.dir, "ca.pem");
    await writeFile(caFile, loop.endpoints.caPem);
  });
  after(() => loop.close());

  it("xs-rainmaker provision --claim: the device stores its certificate, connects with mTLS and is online for the user", async () => {
    const { device, agent, info } = await freshDevice(loop, "assisted-1");
    const nodeId = device.factory.mac;
    const { code, out } = await provisionCli([
      "--host", `127.0.0.1:${info.port}`, "--qr", info.qr, "--ssid", NETWORK.ssid, "--passphrase", NETWORK.passphrase,
      "--cloud", loop.endpoints.http, "--token", loop.token, "--claim", "--claim-url", loop.endpoints.https, "--ca", caFile,
      "--poll-ms", "100", "--mapping-poll-ms", "200",
    ]);
    assert.equal(code, 0, out);
    assert.match(out, /==== proto-ver: .*rmaker \[claim\]/);
    assert.match(out, new RegExp(`Node ${nodeId} claimed: the device stored its certificate`));
    // [spec 6.7] the claim comes before the user mapping and the Wi-Fi credentials
    assert.ok(out.indexOf("==== Assisted claim") < out.indexOf("==== User-node association"), out);
    assert.ok(out.indexOf("==== User-node association") < out.indexOf("==== Wi-Fi credentials sent"), out);
    assert.match(out, new RegExp(`Node ${nodeId} added to your account`));

    await eventually("device online", () => agent.phase() === "online", 30_000);
    const creds = loadCredentials(device.kv());
    assert.equal(creds?.nodeId, nodeId);
    assert.ok(loop.lines.some((l) => l.includes(`assisted claim: node ${nodeId} claimed; credentials stored`)), "the device stored the certificate itself");
    assert.ok(!loop.lines.some((l) => /agent: no node credentials/.test(l)));
    assert.equal(loop.cloud.store.getNode(nodeId)?.connectivity.connected, true);
    const status = await rest(loop.endpoints.http, "GET", `/v1/user/nodes/status?nodeid=${nodeId}`, loop.token);
    assert.equal(status.status, 200);
    assert.equal(status.body.connectivity.connected, true);
  });

  it("without --claim, or with a refused token, the client stops before Wi-Fi; a retry with the right token works", async () => {
    const { device, agent, info } = await freshDevice(loop, "assisted-2");
    const base = ["--host", `127.0.0.1:${info.port}`, "--qr", info.qr, "--ssid", NETWORK.ssid, "--passphrase", NETWORK.passphrase, "--poll-ms", "100"];
    const unclaimed = await provisionCli(base);
    assert.equal(unclaimed.code, 1, unclaimed.out);
    assert.match(unclaimed.out, /Please claim the node before provisioning \(device advertises assisted claiming\): pass --claim with --token/);
    assert.doesNotMatch(unclaimed.out, /Wi-Fi credentials sent/);

    const claim = ["--claim", "--claim-url", loop.endpoints.https, "--ca", caFile];
    const refused = await provisionCli([...base, ...claim, "--token", "not-a-token"]);
    assert.equal(refused.code, 1, refused.out);
    assert.match(refused.out, /\[ERROR\]: assisted claim failed \(the device keeps waiting; nothing was stored\): .*claim\/initiate answered 401/);
    assert.doesNotMatch(refused.out, /Wi-Fi credentials sent/);
    assert.ok(loop.lines.some((l) => l.includes("assisted claim aborted by the client")), "the client aborted the device's claim");
    assert.equal(agent.phase(), "provisioning");
    assert.equal(loadCredentials(device.kv()), undefined);

    // the retry takes the token from an `xs-rainmaker login` session instead of --token
    const profile = join(loop.dir, "profile-assisted-2");
    saveSession(profile, { baseUrl: loop.endpoints.http, userName: "loop-user", accesstoken: loop.token, idtoken: loop.token, refreshtoken: "unused" });
    const retried = await provisionCli([...base, ...claim, "--profile-dir", profile]);
    assert.equal(retried.code, 0, retried.out);
    await eventually("device online after the retry", () => agent.phase() === "online", 30_000);
    assert.equal(loadCredentials(device.kv())?.nodeId, device.factory.mac);
  });

  it("refuses --claim without a token", async () => {
    const { code, out } = await provisionCli(["--host", "127.0.0.1:9", "--ssid", "x", "--claim", "--claim-url", loop.endpoints.https, "--profile-dir", join(loop.dir, "no-session")]);
    assert.equal(code, 1, out);
    assert.match(out, /--claim needs --token, or a session from `xs-rainmaker login`/);
  });
});
