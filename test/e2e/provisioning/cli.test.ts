import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { loadUserMapping, loadWifiCredentials } from "../../../firmware/core/provisioning/index";
import { DevicePop, startDevice, type E2eDevice } from "./device";

const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run("npx", ["tsx", "scripts/cli/main.ts", "provision", ...args], { timeout: 40_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
  }
}

interface CloudCall {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** Just the REST calls the mapping step makes [cloud-rest-api 3]; confirms on the second poll. */
async function startFakeCloud(): Promise<{ server: Server; url: string; calls: CloudCall[] }> {
  const calls: CloudCall[] = [];
  let polls = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = "";
      req.on("data", (c: Buffer) => (s += c.toString("utf8")));
      req.on("end", () => resolve(s));
    });
  const server = createServer(async (req, res) => {
    const text = await read(req);
    calls.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body: text ? JSON.parse(text) : null });
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== "tok-123") return reply(401, { status: "failure", error_code: 101, description: "bad token" });
    if (req.method === "GET" && req.url === "/v1/user") return reply(200, { user_id: "user-77", user_name: "e2e@example.com" });
    if (req.method === "PUT" && req.url === "/v1/user/nodes/mapping") return reply(200, { request_id: "MAPREQ1" });
    if (req.method === "POST" && req.url === "/v1/user/nodes/mapping/initiate") return reply(200, { request_id: "CHREQ1", challenge: "challenge-abc" });
    if (req.method === "POST" && req.url === "/v1/user/nodes/mapping/verify") return reply(200, { status: "success" });
    if (req.method === "GET" && req.url === "/v1/user/nodes/mapping?&request_id=MAPREQ1") return reply(200, { request_status: ++polls >= 2 ? "confirmed" : "requested" });
    reply(404, { status: "failure", error_code: 404, description: "no such route" });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

describe("xs-rainmaker provision (child process) against a device in this process", function () {
  this.timeout(60_000);
  let device: E2eDevice | undefined;
  let cloud: Server | undefined;
  afterEach(async () => {
    await device?.close();
    device = undefined;
    await new Promise<void>((r) => (cloud ? cloud.close(() => r()) : r()));
    cloud = undefined;
  });

  it("provisions with --qr over security 2, prints every step, maps the user through the cloud, exits 0", async () => {
    device = await startDevice({ security: 2 });
    const fake = await startFakeCloud();
    cloud = fake.server;
    const r = await cli([
      "--transport", "softap", "--host", device.host, "--sec", "2", "--qr", device.prov.qrPayload,
      "--ssid", "MyHomeAP", "--passphrase", "secret123", "--poll-ms", "20",
      "--cloud", fake.url, "--token", "tok-123", "--mapping-poll-ms", "20",
    ]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const out = r.stdout;
    assert.match(out, /==== proto-ver: prov v1\.1, security 2 \(patch 1\), capabilities \[wifi_scan\]/);
    assert.match(out, /==== Session established/);
    assert.match(out, /Sent user user-77 to node e2e-node-1/);
    assert.match(out, /#\s+SSID\s+BSSID\s+CH\s+RSSI\s+AUTH\n1\s+MyHomeAP\s+a4:cf:12:34:56:78\s+6\s+-42\s+WPA2_PSK\n2\s+Office-WPA3/);
    assert.match(out, /Wi-Fi status: connected to "MyHomeAP" with IP 192\.168\.1\.57/);
    assert.match(out, /==== Provisioning was successful ====/);
    assert.match(out, /User-node mapping status: requested\nUser-node mapping status: confirmed\nNode e2e-node-1 added to your account/);
    assert.deepEqual(loadWifiCredentials(device.kv), { ssid: "MyHomeAP", passphrase: "secret123" });
    const put = fake.calls.find((c) => c.method === "PUT");
    const stored = loadUserMapping(device.kv)!;
    assert.deepEqual(put?.body, { user_id: "user-77", node_id: "e2e-node-1", secret_key: stored.secretKey, operation: "add" });
    assert.match(stored.secretKey, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("uses challenge-response when the device advertises ch_resp", async () => {
    device = await startDevice({ security: 2, userMapping: "ch_resp" });
    device.prov.setChallengeSigner({ sign: (c) => createHash("sha256").update(c).digest() });
    const fake = await startFakeCloud();
    cloud = fake.server;
    const r = await cli(["--host", device.host, "--sec", "2", "--pop", DevicePop, "--ssid", "MyHomeAP", "--passphrase", "secret123", "--poll-ms", "20", "--no-scan", "--cloud", fake.url, "--token", "tok-123"]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /rmaker_extra \[ch_resp\]/);
    assert.match(r.stdout, /Node e2e-node-1 added to your account \(challenge verified\)/);
    const verify = fake.calls.find((c) => c.url === "/v1/user/nodes/mapping/verify");
    assert.deepEqual(verify?.body, {
      request_id: "CHREQ1",
      node_id: "e2e-node-1",
      challenge_response: createHash("sha256").update("challenge-abc").digest("hex"),
    });
    assert.equal(fake.calls.some((c) => c.method === "PUT"), false, "no legacy mapping request");
  });

  it("reports AuthError for a wrong passphrase and exits 1; then --reset and the right one succeed", async () => {
    device = await startDevice({ security: 1, wifiAttempts: 2 });
    const base = ["--host", device.host, "--sec", "1", "--pop", DevicePop, "--ssid", "MyHomeAP", "--poll-ms", "10", "--no-scan"];
    const bad = await cli([...base, "--passphrase", "wrong-pass"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /Wi-Fi status: connecting \(attempt failed, 1 attempts remaining\)/);
    assert.match(bad.stderr, /\[ERROR\]: Provisioning failed: failed: AuthError/);
    const good = await cli([...base, "--passphrase", "secret123", "--reset"]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /Wi-Fi state reset/);
    assert.match(good.stdout, /Provisioning was successful/);
  });

  it("exits 1 with a clear message on a wrong PoP", async () => {
    device = await startDevice({ security: 2 });
    const r = await cli(["--host", device.host, "--sec", "2", "--pop", "ffffffff", "--ssid", "MyHomeAP", "--passphrase", "secret123"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\[ERROR\]: security 2 handshake failed: the device closed the connection \(wrong PoP/);
  });
});
