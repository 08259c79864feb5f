import assert from "node:assert/strict";
import { connect } from "mqtt";
import type { IClientOptions, MqttClient } from "mqtt";
import { startBrokerHarness, sleep } from "./fixtures";
import type { BrokerHarness, NodeCredentials } from "./fixtures";
import { waitFor } from "../../contract/wait-for";
import { OfflineQueueFullError } from "../../../cloud-stub/bus";
import { BrokerSessionLimits } from "../../../cloud-stub/broker-session-store";
import { makeWorld } from "../rest/fixtures";

const A = "QUEUEAAAAAAA";
const B = "QUEUEBBBBBBB";
const C = "NEVERCONNECT";
const remote = (id: string) => `node/${id}/params/remote`;
const encode = (s: string) => new TextEncoder().encode(s);

interface Session {
  client: MqttClient;
  sessionPresent: boolean;
  /** Payloads received on `node/<id>/params/remote`, in order, from the first packet after CONNACK. */
  received: string[];
}

/** Connects with a persistent session and records messages from the first one (queued ones follow CONNACK at once). */
function openSession(h: BrokerHarness, creds: NodeCredentials, extra: IClientOptions = {}): Promise<Session> {
  const client = connect(h.broker.url, {
    clientId: creds.nodeId,
    key: creds.keyPem,
    cert: creds.certPem,
    ca: h.pki.authority.caPem,
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5000,
    clean: false,
    ...extra,
  });
  const received: string[] = [];
  client.on("message", (topic, payload) => {
    if (topic === remote(creds.nodeId)) received.push(payload.toString());
  });
  return new Promise((resolve, reject) => {
    client.once("connect", (connack) => resolve({ client, sessionPresent: connack.sessionPresent, received }));
    client.once("error", reject);
  });
}

async function goOffline(h: BrokerHarness, session: Session, nodeId: string): Promise<void> {
  await session.client.endAsync();
  await waitFor(() => !h.broker.connectedNodes().includes(nodeId), `${nodeId} offline`);
}

const queueWarnings = (h: BrokerHarness, nodeId: string) => h.log.lines.filter((l) => l.startsWith(`warn node ${nodeId} is offline with`));

describe("cloud-stub broker: persistent sessions are bounded (queue per offline node, session expiry)", function () {
  this.timeout(30_000);

  describe("offline queue bound", () => {
    let h: BrokerHarness;
    let credsA: NodeCredentials;
    let credsB: NodeCredentials;
    before(async () => {
      h = await startBrokerHarness();
      credsA = await h.credentials(A);
      credsB = await h.credentials(B);
    });
    after(async () => h.close());

    it("keeps the first 100 of 150 sets for an offline node, refuses the rest with a clear error, warns once, delivers the 100 in order", async () => {
      const limit = BrokerSessionLimits.maxQueuedPerNode;
      const first = await openSession(h, credsA);
      await first.client.subscribeAsync(remote(A), { qos: 1 });
      await goOffline(h, first, A);
      const other = await openSession(h, credsB);
      await other.client.subscribeAsync(remote(B), { qos: 1 });

      const outcomes: (Error | undefined)[] = [];
      for (let n = 0; n < 150; n++) {
        outcomes.push(await h.broker.publish(remote(A), encode(`{"n":${n}}`)).then(() => undefined, (error: Error) => error));
      }
      assert.equal(outcomes.slice(0, limit).filter(Boolean).length, 0, "the first 100 are queued");
      const refused = outcomes.slice(limit);
      assert.equal(refused.length, 50);
      for (const error of refused) {
        assert.ok(error instanceof OfflineQueueFullError, String(error));
        assert.deepEqual(error.nodeIds, [A]);
        assert.equal(error.limit, limit);
        assert.match(error.message, /offline with 100 undelivered messages/);
      }
      assert.deepEqual(queueWarnings(h, A), [`warn node ${A} is offline with 100 queued messages (the limit): newer messages are not queued until it reconnects`]);

      // another node, online with its own persistent session, is not affected
      await h.broker.publish(remote(B), encode('{"to":"B"}'));
      await waitFor(() => other.received.length === 1, "B's message");
      assert.deepEqual(other.received, ['{"to":"B"}']);

      const back = await openSession(h, credsA);
      assert.equal(back.sessionPresent, true);
      await waitFor(() => back.received.length >= limit, "the queued messages", 5000);
      await sleep(300);
      assert.deepEqual(back.received, Array.from({ length: limit }, (_, n) => `{"n":${n}}`));

      // acknowledged messages leave the queue: a new offline period holds 100 again and warns again
      await goOffline(h, back, A);
      const again: (Error | undefined)[] = [];
      for (let n = 0; n < limit + 1; n++) again.push(await h.broker.publish(remote(A), encode(`{"m":${n}}`)).then(() => undefined, (e: Error) => e));
      assert.equal(again.filter(Boolean).length, 1);
      assert.ok(again[limit] instanceof OfflineQueueFullError);
      assert.equal(queueWarnings(h, A).length, 2);

      assert.ok(h.broker.connectedNodes().includes(B), "the broker kept running and B stayed connected");
      await other.client.endAsync();
    });

    it("still accepts sets for an offline node that has no session (nothing is kept for it)", async () => {
      await h.broker.publish(remote(C), encode('{"Light":{"Power":true}}'));
      assert.equal(queueWarnings(h, C).length, 0);
    });

    it("answers PUT /v1/user/nodes/params with a failure entry (207) for an offline node whose queue is full", async () => {
      const w = await makeWorld();
      try {
        const credsL1 = await h.credentials("L1");
        const session = await openSession(h, credsL1);
        await session.client.subscribeAsync(remote("L1"), { qos: 1 });
        await goOffline(h, session, "L1");
        w.bus.publish = (topic, payload) => h.broker.publish(topic, payload);
        const put = () =>
          w.app.http.inject({
            method: "PUT",
            url: "/v1/user/nodes/params",
            headers: { authorization: w.alice, "content-type": "application/json" },
            payload: JSON.stringify([{ node_id: "L1", payload: { Light: { Power: true } } }]),
          });
        for (let n = 0; n < BrokerSessionLimits.maxQueuedPerNode; n++) {
          const ok = await put();
          assert.equal(ok.statusCode, 200);
          assert.deepEqual(ok.json(), [{ node_id: "L1", status: "success" }]);
        }
        const full = await put();
        assert.equal(full.statusCode, 207);
        assert.deepEqual(full.json(), [
          { node_id: "L1", status: "failure", description: "Node is offline with 100 undelivered messages queued; try again once it reconnects" },
        ]);
        assert.ok(w.log.lines.some((l) => l.level === "warn" && l.msg === "params/remote publish failed" && l.fields?.nodeId === "L1"));
      } finally {
        await w.app.close();
      }
    });
  });

  describe("session expiry", () => {
    let h: BrokerHarness;
    let credsA: NodeCredentials;
    let credsB: NodeCredentials;
    before(async () => {
      h = await startBrokerHarness({ expiryMs: 300, expirySweepMs: 50 });
      credsA = await h.credentials(A);
      credsB = await h.credentials(B);
    });
    after(async () => h.close());

    it("removes the session of a node offline longer than the expiry: subscriptions and queued messages are gone on reconnect", async () => {
      const other = await openSession(h, credsB);
      await other.client.subscribeAsync(remote(B), { qos: 1 });
      const first = await openSession(h, credsA);
      await first.client.subscribeAsync(remote(A), { qos: 1 });
      await goOffline(h, first, A);
      for (let n = 0; n < 3; n++) await h.broker.publish(remote(A), encode(`{"n":${n}}`));

      await waitFor(() => h.log.lines.some((l) => l.startsWith(`info session of ${A} expired after`)), "A's session to expire", 2000);
      const back = await openSession(h, credsA);
      assert.equal(back.sessionPresent, false);
      await h.broker.publish(remote(A), encode('{"after":true}'));
      await sleep(200);
      assert.deepEqual(back.received, [], "no queued message and no restored subscription");

      // a node online the whole time keeps its session
      assert.equal(h.log.lines.some((l) => l.includes(`session of ${B}`)), false);
      await h.broker.publish(remote(B), encode('{"to":"B"}'));
      await waitFor(() => other.received.length === 1, "B's message");
      await back.client.endAsync();
      await other.client.endAsync();
    });
  });
});
