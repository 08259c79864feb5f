import assert from "node:assert/strict";
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import { X509Certificate } from "node:crypto";
import { attachExternalBroker } from "../../../cloud-stub/broker-external";
import type { ExternalBrokerLink } from "../../../cloud-stub/broker-external";
import type { ConnectivityEvent, MqttRuleEvent } from "../../../cloud-stub/bus";
import { loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "../../../cloud-stub/pki/server-credentials";
import { PkiNames } from "../../../cloud-stub/pki/pki-constants";
import { RecordingLog, sleep } from "../broker/fixtures";
import { waitFor } from "../../contract/wait-for";
import { makeCsr, openTempPki } from "../pki/fixtures";
import type { TempPki } from "../pki/fixtures";
import { findMosquitto, startMosquitto } from "../../../cloud-stub/mosquitto-process";
import type { RunningMosquitto } from "../../../cloud-stub/mosquitto-process";

const A = "A1A1A1A1A1A1";
const B = "B2B2B2B2B2B2";
const R = "C3C3C3C3C3C3";
const mosquitto = findMosquitto();

describe("cloud-stub external broker mode against Mosquitto", function () {
  this.timeout(30_000);
  before(function () {
    if (!mosquitto) {
      console.log("    (skipped: the mosquitto binary is not installed; `apt-get install mosquitto`)");
      this.skip();
    }
  });

  let pki: TempPki;
  let broker: RunningMosquitto;
  let link: ExternalBrokerLink;
  const log = new RecordingLog();
  const messages: MqttRuleEvent[] = [];
  const connectivity: ConnectivityEvent[] = [];
  const clients: MqttClient[] = [];
  const creds = new Map<string, { keyPem: string; certPem: string }>();

  before(async function () {
    if (!mosquitto) return;
    pki = await openTempPki();
    await loadOrCreateServerCredentials(pki.dir, pki.authority);
    for (const id of [A, B, R]) {
      const { csrPem, keyPem } = await makeCsr(id, id === B ? "rsa-2048" : "ec-p256");
      const issued = await pki.authority.issueFromCsr(csrPem, id);
      if (!issued.ok) throw new Error(issued.message);
      creds.set(id, { keyPem, certPem: issued.certificatePem });
      if (id === R) pki.authority.revoke(issued.serial, "test");
    }
    const revoked = pki.store.listCertificates(R);
    broker = await startMosquitto(mosquitto, pki.dir, PkiNames.serviceCn, await pki.authority.crlPem(revoked));
    const service = await loadOrCreateServiceCredentials(pki.dir, pki.authority);
    link = await attachExternalBroker({
      url: broker.url,
      caPem: pki.authority.caPem,
      certPem: service.certPem,
      keyPem: service.keyPem,
      log,
      sink: { onMqttMessage: (ev) => void messages.push(ev), onConnectivity: (ev) => void connectivity.push(ev) },
    });
  });
  after(async () => {
    if (!mosquitto) return;
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await link?.close();
    await broker?.stop();
    await pki?.close();
  });

  function device(id: string, clientId = id, will?: object): Promise<MqttClient> {
    const c = creds.get(id)!;
    const client = connect(broker.url, {
      clientId, key: c.keyPem, cert: c.certPem, ca: pki.authority.caPem, reconnectPeriod: 0, connectTimeout: 5000,
      ...(will ? { will } : {}),
    } as object);
    clients.push(client);
    return new Promise((resolve, reject) => {
      client.once("connect", () => resolve(client));
      client.once("error", reject);
      client.once("close", () => reject(new Error("closed before CONNACK")));
    });
  }

  it("passes a node's basic-ingest and plain publishes to the rules, with the node id and connectivity", async () => {
    const a = await device(A);
    await a.publishAsync(`$aws/rules/esp_set_params/node/${A}/params/local`, '{"Switch":{"Power":true}}', { qos: 1 });
    await a.publishAsync(`node/${A}/config`, '{"node_id":"A"}', { qos: 1 });
    await waitFor(() => messages.filter((m) => m.nodeId === A).length >= 2, "rule events");
    assert.deepEqual(messages.filter((m) => m.nodeId === A).map((m) => m.topic), [
      `$aws/rules/esp_set_params/node/${A}/params/local`,
      `node/${A}/config`,
    ]);
    assert.deepEqual(connectivity.filter((e) => e.nodeId === A).map((e) => e.connected), [true]);
    await a.endAsync();
  });

  it("delivers the stub's publishes to the node's own subscription", async () => {
    const b = await device(B);
    await b.subscribeAsync(`node/${B}/params/remote`, { qos: 1 });
    const got = new Promise<string>((resolve) => b.once("message", (_t, p) => resolve(p.toString())));
    await link.publish(`node/${B}/params/remote`, new TextEncoder().encode('{"Switch":{"Power":false}}'));
    assert.equal(await got, '{"Switch":{"Power":false}}');
    await b.endAsync();
  });

  it("enforces the per-node ACL: A's publish to B's topic and subscription to B's topics go nowhere", async () => {
    const b = await device(B);
    await b.subscribeAsync(`node/${B}/#`, { qos: 1 });
    let bGot = 0;
    b.on("message", () => bGot++);
    const a = await device(A);
    const before = messages.length;
    await a.publishAsync(`node/${B}/params/local`, "{}", { qos: 1 }).catch(() => undefined);
    let aGot = 0;
    a.on("message", () => aGot++);
    await a.subscribeAsync(`node/${B}/params/remote`, { qos: 1 }).catch(() => undefined);
    await link.publish(`node/${B}/params/remote`, new TextEncoder().encode("{}"));
    await sleep(300);
    assert.equal(messages.slice(before).filter((m) => m.topic.includes(B)).length, 0);
    assert.equal(aGot, 0);
    assert.equal(bGot, 1, "B gets only the stub's publish");
    await a.endAsync();
    await b.endAsync();
  });

  it("accepts a node under its certificate CN whatever client id it sends (use_username_as_clientid)", async () => {
    const a = await device(A, "not-the-node-id");
    await a.publishAsync(`node/${A}/alert`, '{"esp.alert.str":"hi"}', { qos: 1 });
    await waitFor(() => messages.some((m) => m.topic === `node/${A}/alert`), "alert");
    await a.endAsync();
  });

  it("refuses revoked certificates (CRL) and certificates from other CAs", async () => {
    await assert.rejects(device(R));
    const other = await openTempPki();
    try {
      const { csrPem, keyPem } = await makeCsr(A);
      const issued = await other.authority.issueFromCsr(csrPem, A);
      assert.ok(issued.ok);
      const rogue = connect(broker.url, {
        clientId: A, key: keyPem, cert: issued.ok ? issued.certificatePem : "", ca: pki.authority.caPem, reconnectPeriod: 0, connectTimeout: 3000,
      });
      clients.push(rogue);
      await assert.rejects(new Promise((resolve, reject) => {
        rogue.once("connect", resolve);
        rogue.once("error", reject);
        rogue.once("close", () => reject(new Error("closed")));
      }));
    } finally {
      await other.close();
    }
  });

  it("reports a node offline when its last will arrives [spec 3.1 LWT]", async () => {
    const will = { topic: `node/${B}/params/local`, payload: Buffer.from('{"Connectivity":{"Connected":false}}'), qos: 1, retain: false };
    const b = await device(B, B, will);
    await b.publishAsync(`node/${B}/params/local`, '{"Connectivity":{"Connected":true}}', { qos: 1 });
    await waitFor(() => link.connectedNodes().includes(B), "B online");
    (b as unknown as { stream: { destroy(): void } }).stream.destroy();
    await waitFor(() => connectivity.filter((e) => e.nodeId === B).at(-1)?.connected === false, "B offline", 5000);
    assert.equal(link.connectedNodes().includes(B), false);
    assert.equal(new X509Certificate(creds.get(B)!.certPem).subject, `CN=${B}`);
  });

  it("gives a node certificate used as the stub's client nothing of other nodes", async () => {
    const { csrPem, keyPem } = await makeCsr("D4D4D4D4D4D4");
    const issued = await pki.authority.issueFromCsr(csrPem, "D4D4D4D4D4D4");
    assert.ok(issued.ok);
    const seen: MqttRuleEvent[] = [];
    const impostor = await attachExternalBroker({
      url: broker.url, caPem: pki.authority.caPem, certPem: issued.ok ? issued.certificatePem : "", keyPem,
      log: new RecordingLog(), sink: { onMqttMessage: (ev) => void seen.push(ev), onConnectivity() {} }, connectTimeoutMs: 3000,
    });
    try {
      const a = await device(A);
      await a.publishAsync(`node/${A}/params/local`, "{}", { qos: 1 });
      await waitFor(() => messages.some((m) => m.topic === `node/${A}/params/local` && Buffer.from(m.payload).toString() === "{}"), "real link");
      await sleep(200);
      assert.deepEqual(seen, []);
      await a.endAsync();
    } finally {
      await impostor.close();
    }
  });

  it("fails to attach with a clear error when no broker listens", async () => {
    const { freePort } = await import("../../../cloud-stub/mosquitto-process");
    const service = await loadOrCreateServiceCredentials(pki.dir, pki.authority);
    await assert.rejects(
      attachExternalBroker({
        url: `mqtts://127.0.0.1:${await freePort()}`, caPem: pki.authority.caPem, certPem: service.certPem, keyPem: service.keyPem,
        log: new RecordingLog(), sink: { onMqttMessage() {}, onConnectivity() {} }, connectTimeoutMs: 2000,
      }),
      /cannot attach to mqtts:\/\/127\.0\.0\.1:\d+/,
    );
  });

  it("runs the whole local cloud on the external broker (startCloudServer --broker)", async () => {
    const { startCloudServer } = await import("../../../cloud-stub/server");
    const server = await startCloudServer({ dataDir: pki.dir, httpPort: 0, httpsPort: 0, brokerUrl: broker.url, log: new RecordingLog() });
    try {
      assert.equal(server.external, true);
      assert.equal(server.urls.mqtt, broker.url);
      const a = await device(A);
      await a.publishAsync(`$aws/rules/esp_set_params/node/${A}/params/local`, '{"Switch":{"Power":true}}', { qos: 1 });
      await waitFor(() => server.store.getNode(A)?.connectivity.connected === true, "node online in the store");
      await a.endAsync();
    } finally {
      await server.close();
    }
  });
});
