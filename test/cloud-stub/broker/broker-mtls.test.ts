import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { PemConverter, X509CertificateGenerator } from "../../../cloud-stub/pki/x509";
import { startBrokerHarness, sleep } from "./fixtures";
import { waitFor } from "../../contract/wait-for";
import type { BrokerHarness, NodeCredentials } from "./fixtures";

const A = "AAAAAAAAAAAA";
const B = "BBBBBBBBBBBB";
const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");

describe("cloud-stub broker: mutual TLS and per-node ACL (MQTT.js clients, real certificates)", function () {
  this.timeout(30_000);
  let h: BrokerHarness;
  let credsA: NodeCredentials;
  let credsB: NodeCredentials;
  before(async () => {
    h = await startBrokerHarness();
    credsA = await h.credentials(A, "ec-p256");
    credsB = await h.credentials(B, "rsa-2048");
  });
  after(async () => h.close());

  it("accepts a node whose client id is its certificate CN and reports it connected", async () => {
    const client = await h.connectClient(credsA, A);
    await waitFor(() => h.connectivity.some((e) => e.nodeId === A && e.connected), "connected event");
    assert.deepEqual(h.broker.connectedNodes().includes(A), true);
    assert.ok(h.log.lines.includes(`info node ${A} connected`));
    await client.endAsync();
    await waitFor(() => h.connectivity.some((e) => e.nodeId === A && !e.connected), "disconnected event");
    assert.ok(h.log.lines.includes(`info node ${A} disconnected`));
    assert.equal(h.broker.connectedNodes().includes(A), false);
  });

  it("passes basic-ingest and plain publishes of the node to the rules with its node id", async () => {
    const client = await h.connectClient(credsA, A);
    await client.publishAsync(`$aws/rules/esp_set_params/node/${A}/params/local`, '{"Light":{"Power":true}}', { qos: 1 });
    await client.publishAsync(`node/${A}/config`, '{"node_id":"x"}', { qos: 1 });
    const mine = h.messages.filter((m) => m.nodeId === A);
    assert.deepEqual(
      mine.slice(-2).map((m) => [m.topic, text(m.payload)]),
      [
        [`$aws/rules/esp_set_params/node/${A}/params/local`, '{"Light":{"Power":true}}'],
        [`node/${A}/config`, '{"node_id":"x"}'],
      ],
    );
    await client.endAsync();
  });

  it("delivers cloud publishes to the node's own subscription (QoS 1)", async () => {
    const client = await h.connectClient(credsA, A);
    const sub = await client.subscribeAsync(`node/${A}/params/remote`, { qos: 1 });
    assert.equal(sub[0]!.qos, 1);
    const got = new Promise<[string, string]>((resolve) => client.once("message", (t, p) => resolve([t, p.toString()])));
    await h.broker.publish(`node/${A}/params/remote`, new TextEncoder().encode('{"Light":{"Power":false}}'));
    assert.deepEqual(await got, [`node/${A}/params/remote`, '{"Light":{"Power":false}}']);
    await client.endAsync();
  });

  it("refuses node A's subscription to node B's topics (SUBACK 0x80) and never delivers B's messages to A", async () => {
    const a = await h.connectClient(credsA, A);
    await assert.rejects(a.subscribeAsync([`node/${B}/params/remote`, "node/+/params/remote", "#"], { qos: 1 }), (err: Error & { packet?: { granted?: number[] } }) => {
      assert.deepEqual(err.packet?.granted, [128, 128, 128]);
      return true;
    });
    let leaked = 0;
    a.on("message", () => leaked++);
    await h.broker.publish(`node/${B}/params/remote`, new TextEncoder().encode("{}"));
    await sleep(200);
    assert.equal(leaked, 0);
    assert.ok(h.log.lines.some((l) => l.startsWith(`warn node ${A} denied subscribe to node/${B}/params/remote`)));
    await a.endAsync();
  });

  it("drops node A's publish to node B's topic: B and the rules never see it, A is disconnected", async () => {
    const b = await h.connectClient(credsB, B);
    await b.subscribeAsync(`node/${B}/#`, { qos: 1 });
    let bGot = 0;
    b.on("message", () => bGot++);
    const a = await h.connectClient(credsA, A);
    const before = h.messages.length;
    const closed = new Promise<void>((resolve) => a.once("close", () => resolve()));
    a.publish(`$aws/rules/esp_set_params/node/${B}/params/local`, "{}", { qos: 1 });
    a.publish(`node/${B}/params/remote`, "{}", { qos: 0 });
    await closed;
    await sleep(100);
    assert.equal(h.messages.length, before);
    assert.equal(bGot, 0);
    assert.ok(h.log.lines.some((l) => l.startsWith(`warn node ${A} denied publish to $aws/rules/esp_set_params/node/${B}/params/local`)));
    await b.endAsync();
  });

  it("refuses a client id other than the certificate CN (CONNACK identifier rejected)", async () => {
    await assert.rejects(h.connectClient(credsA, B), (err: Error & { code?: number }) => {
      assert.equal(err.code, 2);
      return true;
    });
    assert.ok(h.log.lines.some((l) => l.includes(`node ${A} refused: client id "${B}"`)));
  });

  it("refuses a certificate from another CA at the TLS handshake", async () => {
    const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
    const rogue = await X509CertificateGenerator.createSelfSigned(
      { name: `CN=${A}`, keys, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } as Algorithm },
      webcrypto as unknown as Crypto,
    );
    const keyPem = PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey as webcrypto.CryptoKey), "PRIVATE KEY");
    const connected = h.connectivity.length;
    await assert.rejects(h.connectClient({ keyPem, certPem: rogue.toString("pem") }, A));
    assert.equal(h.connectivity.length, connected);
    await waitFor(() => h.log.lines.some((l) => l.startsWith("warn tls handshake refused")), "handshake log", 2000);
  });

  it("refuses a revoked certificate (CONNACK not authorized)", async () => {
    const creds = await h.credentials("CCCCCCCCCCCC");
    (await h.connectClient(creds, "CCCCCCCCCCCC")).end(true);
    h.pki.authority.revoke(creds.serial, "key compromise");
    await assert.rejects(h.connectClient(creds, "CCCCCCCCCCCC"), (err: Error & { code?: number }) => {
      assert.equal(err.code, 5);
      return true;
    });
    assert.ok(h.log.lines.includes("warn node CCCCCCCCCCCC refused: certificate revoked"));
  });

  it("drops a live connection whose certificate gets revoked", async () => {
    const creds = await h.credentials("FFFFFFFFFFFF");
    const client = await h.connectClient(creds, "FFFFFFFFFFFF");
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    h.pki.authority.revoke(creds.serial, "stolen");
    await closed;
    await waitFor(() => h.connectivity.filter((e) => e.nodeId === "FFFFFFFFFFFF").at(-1)?.connected === false, "offline");
    assert.ok(h.log.lines.includes("warn node FFFFFFFFFFFF dropped: certificate revoked"));
  });

  it("refuses an expired certificate at the TLS handshake", async () => {
    const day = 86_400_000;
    const creds = await h.credentials("DDDDDDDDDDDD", "ec-p256", {
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
    });
    const refusals = h.log.lines.filter((l) => l.startsWith("warn tls handshake refused")).length;
    await assert.rejects(h.connectClient(creds, "DDDDDDDDDDDD"));
    await waitFor(() => h.log.lines.filter((l) => l.startsWith("warn tls handshake refused")).length > refusals, "refusal log", 2000);
    assert.equal(h.connectivity.some((e) => e.nodeId === "DDDDDDDDDDDD"), false);
  });

  it("refuses a certificate signed by the CA but missing from the registry", async () => {
    const { issueCertificate } = await import("../../../cloud-stub/pki/issue");
    const keys = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
    const issued = await issueCertificate(h.pki.authority.ca, { commonName: "EEEEEEEEEEEE", publicKey: keys.publicKey, usage: "client" });
    const keyPem = PemConverter.encode(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
    await assert.rejects(h.connectClient({ keyPem, certPem: issued.pem }, "EEEEEEEEEEEE"), (err: Error & { code?: number }) => err.code === 5);
  });

  it("keeps a node online when a second connection of the same node takes over", async () => {
    const first = await h.connectClient(credsB, B);
    const second = await h.connectClient(credsB, B);
    await waitFor(() => first.disconnected || !first.connected, "takeover");
    await sleep(100);
    assert.deepEqual(h.broker.connectedNodes().includes(B), true);
    const last = h.connectivity.filter((e) => e.nodeId === B).at(-1);
    assert.equal(last?.connected, true);
    await second.endAsync();
    await waitFor(() => h.connectivity.filter((e) => e.nodeId === B).at(-1)?.connected === false, "B offline");
  });

  it("accepts an RSA-2048 client key over TLS 1.2, as Moddable's TLS offers [moddable.md TLS]", async () => {
    const client = await h.connectClient(credsB, B, { maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" } as object);
    const socket = (client as unknown as { stream: import("node:tls").TLSSocket }).stream;
    assert.equal(socket.getProtocol(), "TLSv1.2");
    assert.equal(socket.getCipher().name, "ECDHE-RSA-AES128-GCM-SHA256");
    await client.publishAsync(`$aws/rules/esp_node_config/node/${B}/config`, "{}", { qos: 1 });
    assert.equal(h.messages.at(-1)?.nodeId, B);
    await client.endAsync();
  });

  it("publishes a node's last will to the rules when it drops without DISCONNECT [spec 3.1 LWT]", async () => {
    const will = { topic: `node/${A}/params/local`, payload: Buffer.from('{"Connectivity":{"Connected":false}}'), qos: 1 as const, retain: false };
    const client = await h.connectClient(credsA, A, { will });
    (client as unknown as { stream: { destroy(): void } }).stream.destroy();
    await waitFor(() => h.messages.some((m) => m.nodeId === A && text(m.payload).includes('"Connected":false')), "LWT");
  });
});
