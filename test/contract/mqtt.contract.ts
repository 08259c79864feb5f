import assert from "node:assert/strict";
import type { MqttClient, MqttCloseReason, MqttConnectOptions, MqttPort, MqttQos } from "../../firmware/ports/mqtt";
import { MQTT_LIMITS } from "../../firmware/protocol/limits";
import { createSocketBudget, type SocketBudget } from "../../host-sim/fakes/socket-budget";
import { waitFor } from "./wait-for";

/** A message as the broker saw it arrive from a client. */
export interface SeenMessage {
  clientId: string | undefined;
  topic: string;
  payload: Uint8Array;
  qos: number;
  retain: boolean;
}

/** A broker (fake or real) plus device-side ports connected to it. */
export interface MqttHarness {
  host: string;
  port: number;
  makePort(options?: { maxQos?: MqttQos; sockets?: SocketBudget }): MqttPort;
  /** PUBLISHes the broker received from clients, oldest first. */
  received(): SeenMessage[];
  /** Publish from the broker side to subscribed clients. */
  inject(topic: string, payload: Uint8Array, options?: { qos?: MqttQos; retain?: boolean }): Promise<void>;
  refuseNext(returnCode: number): void;
  /** Cut one client's TCP connection. */
  drop(clientId: string): void;
  connectedIds(): string[];
  close(): Promise<void>;
}

/** A connected client and everything its events reported. */
export interface Connection {
  client: MqttClient;
  messages: { topic: string; payload: Uint8Array }[];
  closes: MqttCloseReason[];
  connects: boolean[];
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (data: Uint8Array): string => new TextDecoder().decode(data);

/** Open a connection and record its events; resolves after onConnect or onClose. */
export async function openConnection(port: MqttPort, options: MqttConnectOptions): Promise<Connection> {
  const conn: Connection = { client: undefined as unknown as MqttClient, messages: [], closes: [], connects: [] };
  conn.client = port.connect(options, {
    onConnect: (sessionPresent) => conn.connects.push(sessionPresent),
    onMessage: (topic, payload) => conn.messages.push({ topic, payload }),
    onClose: (reason) => conn.closes.push(reason),
  });
  await waitFor(() => conn.connects.length > 0 || conn.closes.length > 0, `connect of ${options.clientId}`);
  return conn;
}

/** MqttPort contract, run against the fake broker and the mqtt-packet adapter on aedes. */
export function mqttContract(name: string, makeHarness: () => Promise<MqttHarness>): void {
  describe(`MqttPort contract: ${name}`, function () {
    this.timeout(10000);
    let h: MqttHarness;
    const open: Connection[] = [];
    let counter = 0;
    const options = (extra: Partial<MqttConnectOptions> = {}): MqttConnectOptions => ({
      host: h.host,
      port: h.port,
      clientId: `node-${++counter}`,
      keepAliveS: 120,
      ...extra,
    });
    const connect = async (port: MqttPort, extra: Partial<MqttConnectOptions> = {}): Promise<Connection> => {
      const conn = await openConnection(port, options(extra));
      open.push(conn);
      return conn;
    };

    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      for (const conn of open.splice(0)) conn.client.close();
      await h.close();
    });

    it("connects with a clean session and shows up at the broker", async () => {
      const conn = await connect(h.makePort(), { username: "?Platform=APN3|A0|RM|EX00|RMDev|1x0|AABBCCDDEEFF" });
      assert.deepEqual(conn.connects, [false]);
      assert.deepEqual(conn.closes, []);
      await waitFor(() => h.connectedIds().includes(`node-${counter}`), "broker to list the client");
    });

    it("publishes QoS 1 (resolving at PUBACK) and QoS 0 with the retain flag", async () => {
      const port = h.makePort();
      assert.equal(port.maxQos, 1);
      const conn = await connect(port);
      await conn.client.publish("node/n1/params/local", bytes('{"Light":{"Power":true}}'), { qos: 1 });
      await conn.client.publish("node/n1/config", bytes("cfg"), { qos: 0, retain: true });
      await waitFor(() => h.received().length >= 2, "broker to receive both publishes");
      const [first, second] = h.received().filter((m) => m.topic.startsWith("node/n1/"));
      assert.equal(first!.topic, "node/n1/params/local");
      assert.equal(text(first!.payload), '{"Light":{"Power":true}}');
      assert.equal(first!.qos, 1);
      assert.equal(second!.qos, 0);
      assert.equal(second!.retain, true);
    });

    it("subscribes (resolving at SUBACK) and delivers matching messages with their bytes", async () => {
      const conn = await connect(h.makePort());
      await conn.client.subscribe("node/n1/params/remote", 1);
      await conn.client.subscribe("node/n1/otaurl/+", 1);
      await h.inject("node/n1/params/remote", Uint8Array.from([0, 255, 7]));
      await h.inject("node/n1/otaurl/x", bytes("u"));
      await h.inject("node/other/params/remote", bytes("not mine"));
      await waitFor(() => conn.messages.length >= 2, "two messages");
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(conn.messages.map((m) => m.topic), ["node/n1/params/remote", "node/n1/otaurl/x"]);
      assert.deepEqual(Array.from(conn.messages[0]!.payload), [0, 255, 7]);
    });

    it("subscribes to several filters in one call and delivers on each", async () => {
      const conn = await connect(h.makePort());
      await conn.client.subscribe(["node/n2/params/remote", "node/n2/otaurl", "node/n2/params/remote"], 1);
      await h.inject("node/n2/otaurl", bytes("u"));
      await h.inject("node/n2/params/remote", bytes("r"));
      await waitFor(() => conn.messages.length >= 2, "two messages");
      assert.deepEqual(conn.messages.map((m) => m.topic).sort(), ["node/n2/otaurl", "node/n2/params/remote"]);
      // one bad filter refuses the whole call, and nothing of it is subscribed
      await assert.rejects(conn.client.subscribe(["node/n2/ok", "a/#/b"], 1), /#/);
      await assert.rejects(conn.client.subscribe([], 1), /at least one/);
      await h.inject("node/n2/ok", bytes("never"));
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(conn.messages.length, 2);
      assert.deepEqual(conn.closes, []);
    });

    it("delivers a retained message on subscribe", async () => {
      await h.inject("node/n1/retained", bytes("kept"), { qos: 0, retain: true });
      const conn = await connect(h.makePort());
      await conn.client.subscribe("node/n1/#", 1);
      await waitFor(() => conn.messages.length === 1, "the retained message");
      assert.equal(text(conn.messages[0]!.payload), "kept");
    });

    it("in QoS-0-only mode sends QoS 1 requests as QoS 0 and still subscribes", async () => {
      const port = h.makePort({ maxQos: 0 });
      assert.equal(port.maxQos, 0);
      const conn = await connect(port);
      await conn.client.subscribe("node/q0/params/remote", 1);
      await conn.client.publish("node/q0/params/local", bytes("x"), { qos: 1 });
      await waitFor(() => h.received().some((m) => m.topic === "node/q0/params/local"), "the QoS 0 publish");
      assert.equal(h.received().find((m) => m.topic === "node/q0/params/local")!.qos, 0);
      await waitFor(() => h.connectedIds().length > 0, "client listed");
      await h.inject("node/q0/params/remote", bytes("y"), { qos: 1 });
      await waitFor(() => conn.messages.length === 1, "the inbound message");
    });

    it("resumes a persistent session: sessionPresent, subscriptions kept, QoS 1 messages sent while away delivered", async () => {
      const port = h.makePort();
      const first = await connect(port, { clientId: "p1", cleanSession: false });
      assert.deepEqual(first.connects, [false], "no session before the first connection");
      await first.client.subscribe("node/p1/params/remote", 1);
      first.client.close();
      await waitFor(() => first.closes.length === 1 && !h.connectedIds().includes("p1"), "p1 gone");
      await h.inject("node/p1/params/remote", bytes('{"Light":{"Power":true}}'), { qos: 1 });
      const second = await connect(port, { clientId: "p1", cleanSession: false });
      assert.deepEqual(second.connects, [true]);
      await waitFor(() => second.messages.length === 1, "the message queued while away");
      assert.equal(text(second.messages[0]!.payload), '{"Light":{"Power":true}}');
      await h.inject("node/p1/params/remote", bytes("live"), { qos: 1 });
      await waitFor(() => second.messages.length === 2, "a live message without subscribing again");
      assert.equal(text(second.messages[1]!.payload), "live");
    });

    it("a clean session discards the kept session; a broker without it reports sessionPresent false", async () => {
      const port = h.makePort();
      const first = await connect(port, { clientId: "p2", cleanSession: false });
      await first.client.subscribe("node/p2/params/remote", 1);
      h.drop("p2");
      await waitFor(() => first.closes.length === 1, "p2 dropped");
      const clean = await connect(port, { clientId: "p2", cleanSession: true });
      assert.deepEqual(clean.connects, [false]);
      clean.client.close();
      await waitFor(() => clean.closes.length === 1 && !h.connectedIds().includes("p2"), "clean p2 gone");
      await h.inject("node/p2/params/remote", bytes("lost"), { qos: 1 });
      const again = await connect(port, { clientId: "p2", cleanSession: false });
      assert.deepEqual(again.connects, [false]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(again.messages, [], "nothing kept from the discarded session");
    });

    it("reports a refused CONNACK with its return code and never connects", async () => {
      h.refuseNext(5);
      const conn = await connect(h.makePort());
      await waitFor(() => conn.closes.length > 0, "close");
      assert.deepEqual(conn.connects, []);
      assert.deepEqual(conn.closes, [{ type: "refused", returnCode: 5 }]);
      await assert.rejects(conn.client.publish("a/b", bytes("x")), /not connected/);
    });

    it("reports a refused TCP connect as a network close", async () => {
      const conn = await openConnection(h.makePort(), { ...options(), port: 1 });
      assert.equal(conn.closes[0]?.type, "network");
      assert.deepEqual(conn.connects, []);
    });

    it("reports a dropped connection as network, publishes the will, and rejects later publishes", async () => {
      const watcher = await connect(h.makePort());
      await watcher.client.subscribe("node/w1/params/local", 1);
      const will = { topic: "node/w1/params/local", payload: bytes('{"Connectivity":{"Connected":false}}'), qos: 1 as const, retain: false };
      const conn = await connect(h.makePort(), { clientId: "w1", will });
      await waitFor(() => h.connectedIds().includes("w1"), "w1 listed");
      h.drop("w1");
      await waitFor(() => conn.closes.length === 1, "close after drop");
      assert.equal(conn.closes[0]!.type, "network");
      await waitFor(() => watcher.messages.length === 1, "the will message");
      assert.equal(text(watcher.messages[0]!.payload), '{"Connectivity":{"Connected":false}}');
      await assert.rejects(conn.client.publish("node/w1/x", bytes("late"), { qos: 1 }));
    });

    it("close() ends with exactly one `closed` event and the broker forgets the client", async () => {
      const conn = await connect(h.makePort(), { clientId: "c1" });
      await waitFor(() => h.connectedIds().includes("c1"), "c1 listed");
      conn.client.close();
      conn.client.close();
      await waitFor(() => conn.closes.length > 0, "close");
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.deepEqual(conn.closes, [{ type: "closed" }]);
      await waitFor(() => !h.connectedIds().includes("c1"), "broker to drop c1");
    });

    it("rejects invalid topics and filters with a clear error", async () => {
      const conn = await connect(h.makePort());
      await assert.rejects(conn.client.publish("a/+/b", bytes("x")), /wildcard/);
      await assert.rejects(conn.client.publish("", bytes("x")), /non-empty/);
      await assert.rejects(conn.client.subscribe("a/#/b"), /#/);
      await assert.rejects(conn.client.subscribe("a/b+"), /\+/);
      assert.deepEqual(conn.closes, [], "bad input does not kill the connection");
    });

    it(`refuses more than ${MQTT_LIMITS.maxSubscriptions} topic filters`, async () => {
      const conn = await connect(h.makePort());
      for (let i = 0; i < MQTT_LIMITS.maxSubscriptions; i++) await conn.client.subscribe(`t/${i}`, 1);
      await conn.client.subscribe("t/0", 1);
      await assert.rejects(conn.client.subscribe("t/extra", 1), /subscription limit/);
      // a list that would pass the limit is refused whole, even with filters already held in it
      await assert.rejects(conn.client.subscribe(["t/1", "t/extra"], 1), /subscription limit/);
      await conn.client.subscribe(["t/1", "t/2"], 1);
    });

    it(`allows at most ${MQTT_LIMITS.maxTcpSockets} sockets per device and frees them on close`, async () => {
      const sockets = createSocketBudget();
      const port = h.makePort({ sockets });
      const conns: Connection[] = [];
      for (let i = 0; i < MQTT_LIMITS.maxTcpSockets; i++) conns.push(await connect(port));
      assert.ok(conns.every((c) => c.connects.length === 1));
      assert.equal(sockets.inUse(), MQTT_LIMITS.maxTcpSockets);
      const ninth = await connect(port);
      assert.equal(ninth.closes[0]?.type, "network");
      assert.match((ninth.closes[0] as { message: string }).message, /TCP socket/);
      conns[0]!.client.close();
      await waitFor(() => sockets.inUse() === MQTT_LIMITS.maxTcpSockets - 1, "socket release");
      const again = await connect(port);
      assert.deepEqual(again.connects, [false]);
    });
  });
}
