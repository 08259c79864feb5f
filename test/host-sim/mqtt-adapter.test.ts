import assert from "node:assert/strict";
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket } from "node:tls";
import { Aedes } from "aedes";
import fc from "fast-check";
import mqttPacket, { type Packet } from "mqtt-packet";
import { createMqtt } from "../../host-sim/adapters/mqtt";
import { openConnection } from "../contract/mqtt.contract";
import { waitFor } from "../contract/wait-for";
import { createTestPki, type TestPki } from "./test-pki";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("MQTT adapter over mutual TLS (aedes, requestCert)", function () {
  this.timeout(20000);
  let pki: TestPki;
  let broker: Aedes;
  let server: Server;
  let port: number;
  const peers: string[] = [];
  const sockets = new Set<Socket>();

  before(async () => {
    pki = await createTestPki();
    broker = await Aedes.createBroker();
    server = createTlsServer(
      { key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: true },
      (socket: TLSSocket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        peers.push(String(socket.getPeerCertificate().subject?.CN));
        broker.handle(socket);
      },
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  const tlsOptions = (overrides: Partial<{ ca: Uint8Array[]; certificates: Uint8Array[]; key: Uint8Array; serverName: string }> = {}) => ({
    ca: [pki.ca.certDer],
    certificates: [pki.client.certDer],
    key: pki.client.keyPkcs8Der,
    ...overrides,
  });

  it("connects with the client certificate, publishes QoS 1 and the broker sees the client's CN", async () => {
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port, clientId: "node-test", keepAliveS: 120, tls: tlsOptions() });
    assert.deepEqual(conn.closes, []);
    assert.deepEqual(conn.connects, [false]);
    await conn.client.publish("node/node-test/params/local", bytes("{}"), { qos: 1 });
    assert.ok(peers.includes("node-test"));
    conn.client.close();
    await waitFor(() => conn.closes.length === 1, "close");
  });

  it("verifies the server name via SNI when connecting to localhost", async () => {
    const conn = await openConnection(createMqtt(), { host: "localhost", port, clientId: "sni", keepAliveS: 60, tls: tlsOptions() });
    assert.deepEqual(conn.connects, [false]);
    conn.client.close();
    await waitFor(() => conn.closes.length === 1, "close");
  });

  it("fails with a tls reason when the server certificate does not chain to the given CA", async () => {
    const conn = await openConnection(createMqtt(), {
      host: "127.0.0.1", port, clientId: "wrong-ca", keepAliveS: 60, tls: tlsOptions({ ca: [pki.client.certDer] }),
    });
    assert.equal(conn.closes[0]?.type, "tls");
    assert.match((conn.closes[0] as { message: string }).message, /certificate/i);
  });

  it("fails with a tls reason when the server name does not match", async () => {
    const conn = await openConnection(createMqtt(), {
      host: "127.0.0.1", port, clientId: "bad-name", keepAliveS: 60, tls: tlsOptions({ serverName: "mqtt.example.com" }),
    });
    assert.equal(conn.closes[0]?.type, "tls");
  });

  it("fails when no client certificate is presented (broker requires one)", async () => {
    const conn = await openConnection(createMqtt(), {
      host: "127.0.0.1", port, clientId: "no-cert", keepAliveS: 60, tls: tlsOptions({ certificates: [] }),
    });
    assert.deepEqual(conn.connects, []);
    assert.ok(["tls", "network"].includes(conn.closes[0]!.type), JSON.stringify(conn.closes));
  });

  it("reports a refused TCP connect with TLS options as network, not tls", async () => {
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port: 1, clientId: "nobody", keepAliveS: 60, tls: tlsOptions() });
    assert.equal(conn.closes[0]?.type, "network");
  });

  it("refuses an EC client key, which Moddable's TLS cannot sign with", async () => {
    const conn = await openConnection(createMqtt(), {
      host: "127.0.0.1", port, clientId: "ec", keepAliveS: 60,
      tls: tlsOptions({ certificates: [pki.ecClient.certDer], key: pki.ecClient.keyPkcs8Der }),
    });
    assert.equal(conn.closes[0]?.type, "tls");
    assert.match((conn.closes[0] as { message: string }).message, /RSA/);
  });

  it("ends a connection whose client certificate is not X.509 with a tls close, without throwing", async () => {
    const conn = await openConnection(createMqtt(), {
      host: "127.0.0.1", port, clientId: "junk-cert", keepAliveS: 60, tls: tlsOptions({ certificates: [bytes("not a certificate")] }),
    });
    assert.deepEqual(conn.connects, []);
    assert.equal(conn.closes[0]?.type, "tls");
    assert.match((conn.closes[0] as { message: string }).message, /^TLS credentials refused: /);
  });

  it("ends a connection whose RSA key is damaged inside its PKCS#8 wrapping with a tls close", async () => {
    const key = Uint8Array.from(pki.client.keyPkcs8Der);
    key.fill(0xa5, key.length - 200, key.length - 100);
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port, clientId: "bad-key", keepAliveS: 60, tls: tlsOptions({ key }) });
    assert.deepEqual(conn.connects, []);
    assert.equal(conn.closes[0]?.type, "tls");
    assert.match((conn.closes[0] as { message: string }).message, /^TLS credentials refused: /);
  });

  it("reconnects with the same identity through one port, prepared once", async () => {
    const mqtt = createMqtt();
    const tls = tlsOptions();
    for (const round of [1, 2]) {
      const conn = await openConnection(mqtt, { host: "127.0.0.1", port, clientId: `again-${round}`, keepAliveS: 60, tls });
      assert.deepEqual(conn.connects, [false]);
      conn.client.close();
      await waitFor(() => conn.closes.length === 1, "close");
    }
  });
});

/** A scripted MQTT server: answers CONNECT, records packets, lets the test decide the rest. */
async function startScriptedServer(onPacket: (packet: Packet, socket: Socket) => void) {
  const received: Packet[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", (packet: Packet) => {
      received.push(packet);
      if (packet.cmd === "connect") socket.write(mqttPacket.generate({ cmd: "connack", returnCode: 0, sessionPresent: false }));
      onPacket(packet, socket);
    });
    socket.on("data", (data) => parser.parse(data));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("MQTT adapter protocol details (scripted server)", function () {
  this.timeout(10000);
  const servers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });

  it("sends CONNECT with client id, username, keep-alive, clean session and will", async () => {
    const s = await startScriptedServer(() => undefined);
    servers.push(s);
    const conn = await openConnection(createMqtt({ maxQos: 0 }), {
      host: "127.0.0.1", port: s.port, clientId: "abc", username: "?Platform=APN3", keepAliveS: 120,
      will: { topic: "node/abc/params/local", payload: bytes("gone"), qos: 1, retain: false },
    });
    const connect = s.received[0] as mqttPacket.IConnectPacket;
    assert.equal(connect.clientId, "abc");
    assert.equal(connect.username, "?Platform=APN3");
    assert.equal(connect.keepalive, 120);
    assert.equal(connect.clean, true);
    assert.equal(connect.protocolVersion, 4);
    assert.equal(connect.will?.topic, "node/abc/params/local");
    assert.equal(connect.will?.qos, 0, "QoS-0-only clients cannot request a QoS 1 will");
    conn.client.close();
    await waitFor(() => s.received.some((p) => p.cmd === "disconnect"), "DISCONNECT");
  });

  it("keeps a QoS 1 publish pending until PUBACK and rejects pending publishes when the connection drops", async () => {
    let serverSocket: Socket | undefined;
    const s = await startScriptedServer((packet, socket) => {
      serverSocket = socket;
    });
    servers.push(s);
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port: s.port, clientId: "q1", keepAliveS: 0 });
    let settled = false;
    const first = conn.client.publish("a/b", bytes("1"), { qos: 1 }).then(() => (settled = true));
    await waitFor(() => s.received.some((p) => p.cmd === "publish"), "PUBLISH");
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(settled, false, "no PUBACK yet");
    const publish = s.received.find((p) => p.cmd === "publish") as mqttPacket.IPublishPacket;
    assert.equal(publish.qos, 1);
    serverSocket!.write(mqttPacket.generate({ cmd: "puback", messageId: publish.messageId! }));
    await first;
    const second = conn.client.publish("a/b", bytes("2"), { qos: 1 });
    await waitFor(() => s.received.filter((p) => p.cmd === "publish").length === 2, "second PUBLISH");
    serverSocket!.destroy();
    await assert.rejects(second, /closed/);
    await waitFor(() => conn.closes.length === 1, "close");
    assert.equal(conn.closes[0]!.type, "network");
  });

  it("acknowledges inbound QoS 1 messages, except in QoS-0-only mode", async () => {
    for (const maxQos of [1, 0] as const) {
      const s = await startScriptedServer((packet, socket) => {
        if (packet.cmd === "subscribe") {
          socket.write(mqttPacket.generate({ cmd: "suback", messageId: packet.messageId, granted: [packet.subscriptions[0]!.qos] }));
          socket.write(mqttPacket.generate({ cmd: "publish", topic: "t/x", payload: Buffer.from("hi"), qos: 1, messageId: 42, retain: false, dup: false }));
        }
      });
      servers.push(s);
      const conn = await openConnection(createMqtt({ maxQos }), { host: "127.0.0.1", port: s.port, clientId: `in${maxQos}`, keepAliveS: 0 });
      await conn.client.subscribe("t/#", 1);
      await waitFor(() => conn.messages.length === 1, "inbound message");
      await new Promise((resolve) => setTimeout(resolve, 50));
      const subscribe = s.received.find((p) => p.cmd === "subscribe") as mqttPacket.ISubscribePacket;
      assert.equal(subscribe.subscriptions[0]!.qos, maxQos);
      assert.equal(s.received.some((p) => p.cmd === "puback"), maxQos === 1);
      conn.client.close();
    }
  });

  it("rejects a subscription the broker refuses (SUBACK 0x80)", async () => {
    const s = await startScriptedServer((packet, socket) => {
      if (packet.cmd === "subscribe") socket.write(mqttPacket.generate({ cmd: "suback", messageId: packet.messageId, granted: [0x80] }));
    });
    servers.push(s);
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port: s.port, clientId: "sub", keepAliveS: 0 });
    await assert.rejects(conn.client.subscribe("forbidden/#", 1), /refused/);
    conn.client.close();
  });

  it("sends PINGREQ within the keep-alive interval and closes when the broker goes silent", async () => {
    const s = await startScriptedServer(() => undefined);
    servers.push(s);
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port: s.port, clientId: "ka", keepAliveS: 1 });
    await waitFor(() => s.received.some((p) => p.cmd === "pingreq"), "PINGREQ", 2000);
    await waitFor(() => conn.closes.length === 1, "keep-alive timeout", 4000);
    assert.equal(conn.closes[0]!.type, "network");
    assert.match((conn.closes[0] as { message: string }).message, /keep-alive/);
  });

  it("closes with a network reason on malformed bytes from the broker", async () => {
    const s = await startScriptedServer((packet, socket) => {
      if (packet.cmd === "connect") socket.write(Buffer.from([0x00, 0x00]));
    });
    servers.push(s);
    const conn = await openConnection(createMqtt(), { host: "127.0.0.1", port: s.port, clientId: "bad", keepAliveS: 0 });
    await waitFor(() => conn.closes.length === 1, "close");
    assert.equal(conn.closes[0]!.type, "network");
  });

  it("property: arbitrary bytes from the broker after CONNACK never crash the client", async () => {
    let payload = new Uint8Array(0);
    const s = await startScriptedServer((packet, socket) => {
      if (packet.cmd === "connect") socket.write(Buffer.from(payload));
    });
    servers.push(s);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 64 }), async (bytes) => {
        payload = bytes;
        const errors: unknown[] = [];
        const conn = await openConnection(createMqtt({ onHandlerError: (e) => errors.push(e) }), {
          host: "127.0.0.1", port: s.port, clientId: "fuzz", keepAliveS: 0,
        });
        conn.client.close();
        await waitFor(() => conn.closes.length === 1, "close");
        assert.ok(["network", "closed"].includes(conn.closes[0]!.type), JSON.stringify(conn.closes[0]));
        assert.deepEqual(errors, []);
      }),
      { numRuns: 30 },
    );
  });

  it("reports a missing CONNACK as a network close after the connect timeout", async () => {
    const server = createNetServer((socket) => socket.on("error", () => undefined));
    const held = new Set<Socket>();
    server.on("connection", (socket) => held.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const conn = await openConnection(createMqtt({ connectTimeoutMs: 200 }), {
      host: "127.0.0.1", port: (server.address() as AddressInfo).port, clientId: "slow", keepAliveS: 0,
    });
    for (const socket of held) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    assert.equal(conn.closes[0]!.type, "network");
    assert.match((conn.closes[0] as { message: string }).message, /CONNACK/);
  });

  it("survives an onMessage handler that throws", async () => {
    const s = await startScriptedServer((packet, socket) => {
      if (packet.cmd === "subscribe") {
        socket.write(mqttPacket.generate({ cmd: "suback", messageId: packet.messageId, granted: [1] }));
        socket.write(mqttPacket.generate({ cmd: "publish", topic: "t/1", payload: Buffer.from("a"), qos: 0, retain: false, dup: false }));
        socket.write(mqttPacket.generate({ cmd: "publish", topic: "t/2", payload: Buffer.from("b"), qos: 0, retain: false, dup: false }));
      }
    });
    servers.push(s);
    const errors: unknown[] = [];
    const topics: string[] = [];
    const client = createMqtt({ onHandlerError: (e) => errors.push(e) }).connect(
      { host: "127.0.0.1", port: s.port, clientId: "throws", keepAliveS: 0 },
      {
        onConnect: () => void client.subscribe("t/#", 1),
        onMessage: (topic) => {
          topics.push(topic);
          throw new Error("handler bug");
        },
        onClose: () => undefined,
      },
    );
    await waitFor(() => topics.length === 2, "both messages");
    assert.equal(errors.length, 2);
    client.close();
  });
});
