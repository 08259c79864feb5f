import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:tls";
import type { Server, TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqttPacket from "mqtt-packet";
import { saveCredentials } from "../../firmware/core/claiming/credentials";
import { createSimDevice, provisionShortcut } from "../../host-sim/device";
import type { SimDevice } from "../../host-sim/device";
import { switchApp } from "../../host-sim/apps/switch";
import { createTestPki } from "./test-pki";
import type { TestPki } from "./test-pki";

/** A minimal mTLS MQTT peer that answers CONNECT/SUBSCRIBE/PUBLISH and records what each connection sent. */
function recordingBroker(pki: TestPki): Promise<{ server: Server; port: number; sessions: { packets: string[]; closed: boolean }[] }> {
  const sessions: { packets: string[]; closed: boolean }[] = [];
  const server = createServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true, minVersion: "TLSv1.2" }, (socket: TLSSocket) => {
    const session = { packets: [] as string[], closed: false };
    sessions.push(session);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    const send = (p: object) => socket.write(mqttPacket.generate(p as mqttPacket.Packet));
    parser.on("packet", (p: mqttPacket.Packet) => {
      session.packets.push(p.cmd);
      if (p.cmd === "connect") send({ cmd: "connack", returnCode: 0, sessionPresent: false });
      if (p.cmd === "subscribe") send({ cmd: "suback", messageId: p.messageId, granted: p.subscriptions.map((s) => s.qos) });
      if (p.cmd === "publish" && p.qos === 1) send({ cmd: "puback", messageId: p.messageId });
      if (p.cmd === "pingreq") send({ cmd: "pingresp" });
    });
    socket.on("data", (d: Buffer) => parser.parse(d));
    socket.on("error", () => undefined);
    socket.on("close", () => (session.closed = true));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as AddressInfo).port, sessions })));
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("host-sim device power cut on a real mTLS link", function () {
  this.timeout(30_000);
  let dir: string;
  let pki: TestPki;
  let broker: Awaited<ReturnType<typeof recordingBroker>>;
  let device: SimDevice | undefined;
  before(async () => {
    pki = await createTestPki();
    broker = await recordingBroker(pki);
    dir = await mkdtemp(join(tmpdir(), "xsr-cut-"));
  });
  after(async () => {
    device?.stop();
    await new Promise<void>((r) => broker.server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it("a power cut sends no DISCONNECT and closes the socket; a reboot disconnects gracefully", async () => {
    device = createSimDevice({
      dir: join(dir, "d"), app: switchApp, write: () => undefined,
      wifi: { networks: [{ ssid: "home", passphrase: "password1" }], connectDelayMs: 5 },
      provision: provisionShortcut({ ssid: "home", passphrase: "password1" }),
    });
    saveCredentials(device.kv(), { nodeId: device.factory.mac, certificate: pki.client.certDer, privateKey: pki.client.keyPkcs8Der, caCertificate: pki.ca.certDer, mqttHost: "127.0.0.1", mqttPort: broker.port });
    const first = device.boot();
    await until(() => first.phase() === "online");
    device.powerCut();
    await until(() => broker.sessions[0]!.closed);
    assert.deepEqual(broker.sessions[0]!.packets.filter((p) => p === "disconnect"), []);
    const second = device.boot();
    await until(() => second.phase() === "online");
    device.reboot();
    await until(() => broker.sessions[1]!.closed);
    assert.equal(broker.sessions[1]!.packets.at(-1), "disconnect");
  });
});
