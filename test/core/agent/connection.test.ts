import assert from "node:assert/strict";
import { createBackoff } from "../../../firmware/core/agent/backoff";
import { createConnection } from "../../../firmware/core/agent/connection";
import type { ConnectionStatus } from "../../../firmware/core/agent/connection";
import { createRig, fakeCredentials, NODE_ID } from "./rig";

function connectionOn(rig: ReturnType<typeof createRig>, maxRefusals = 3, session: { persistentSession?: boolean; maxQos?: 0 | 1 } = {}) {
  const connected: boolean[] = [];
  const sessions: boolean[] = [];
  const statuses: ConnectionStatus[] = [];
  const conn = createConnection(
    {
      mqtt: session.maxQos === undefined ? rig.platform.mqtt : rig.broker.port({ maxQos: session.maxQos }),
      clock: rig.clock,
      log: rig.log,
      credentials: fakeCredentials(),
      backoff: createBackoff({ initialMs: 1000, maxMs: 8000, random: () => 0.5 }),
      username: "?Platform=APN3|A0|RM|EX00|RMDev|1x0|AABBCC001122",
      maxRefusals,
      persistentSession: session.persistentSession,
    },
    {
      onConnected: (_c, first, present) => {
        connected.push(first);
        sessions.push(present);
      },
      onMessage: () => undefined,
    },
  );
  conn.onStatus((s) => void statuses.push(s));
  return { conn, connected, statuses, sessions };
}

describe("agent MQTT connection", () => {
  it("connects with client id = node id, keep-alive 120 s and the node certificate [spec 3.1]", async () => {
    const rig = createRig();
    const { conn, connected } = connectionOn(rig);
    conn.start();
    await rig.settle();
    assert.deepEqual(connected, [true]);
    const [info] = rig.broker.clients();
    assert.equal(info!.clientId, NODE_ID);
    assert.equal(info!.keepAliveS, 120);
    assert.equal(info!.tls, true);
    assert.equal(info!.cleanSession, true);
    assert.match(info!.username!, /^\?Platform=APN3\|A0\|RM\|EX00\|RMDev\|1x0\|AABBCC001122$/);
    conn.stop();
  });

  it("reconnects after a drop with growing, capped delays and reports first only once", async () => {
    const rig = createRig();
    const { conn, connected, statuses } = connectionOn(rig);
    conn.start();
    await rig.settle();
    const waits: number[] = [];
    rig.broker.dropAll();
    await rig.settle();
    // broker refuses TCP for a while: point the port elsewhere by refusing at the broker (code 3 = server unavailable, transient)
    for (let i = 0; i < 6; i++) {
      rig.broker.refuseNextConnect(3);
      const s = conn.status();
      assert.equal(s.state, "waiting");
      waits.push((s as { retryInMs: number }).retryInMs);
      await rig.settle((s as { retryInMs: number }).retryInMs);
    }
    const s = conn.status();
    waits.push((s as { retryInMs: number }).retryInMs);
    assert.deepEqual(waits, [750, 1500, 3000, 6000, 6000, 6000, 6000]);
    await rig.settle(6000);
    assert.equal(conn.status().state, "connected");
    assert.deepEqual(connected, [true, false]);
    assert.ok(statuses.some((x) => x.state === "waiting"));
    conn.stop();
  });

  it("stops retrying after repeated certificate refusals and says why", async () => {
    const rig = createRig();
    const { conn } = connectionOn(rig, 3);
    rig.broker.refuseNextConnect(5);
    conn.start();
    await rig.settle();
    rig.broker.refuseNextConnect(5);
    await rig.settle(1000);
    rig.broker.refuseNextConnect(5);
    await rig.settle(2000);
    assert.equal(conn.status().state, "refused");
    assert.ok(rig.log.lines().some((l) => /refused node AABBCC001122 3 times .*return code 5.*not retrying/.test(l)), rig.log.lines().join("\n"));
    const pending = rig.clock.pendingTimers();
    await rig.settle(600_000);
    assert.equal(rig.broker.clients().length, 0, "no further attempt");
    assert.equal(rig.clock.pendingTimers(), pending);
  });

  it("asks for a persistent session when told and the port does QoS 1, and passes sessionPresent on", async () => {
    const rig = createRig();
    const { conn, sessions } = connectionOn(rig, 3, { persistentSession: true });
    conn.start();
    await rig.settle();
    assert.equal(rig.broker.clients()[0]!.cleanSession, false);
    rig.broker.dropAll();
    await rig.settle(1500);
    rig.broker.restart();
    await rig.settle(3000);
    assert.equal(conn.status().state, "connected");
    assert.deepEqual(sessions, [false, true, false], "new, resumed, lost with the broker restart");
    conn.stop();
    const legacy = createRig();
    const q0 = connectionOn(legacy, 3, { persistentSession: true, maxQos: 0 });
    q0.conn.start();
    await legacy.settle();
    legacy.broker.dropAll();
    await legacy.settle(1500);
    assert.equal(legacy.broker.clients()[0]!.cleanSession, true, "a QoS-0-only port keeps a clean session");
    assert.deepEqual(q0.sessions, [false, false]);
    q0.conn.stop();
  });

  it("stop() closes the link and cancels a pending retry", async () => {
    const rig = createRig();
    const { conn } = connectionOn(rig);
    rig.broker.refuseNextConnect(3);
    conn.start();
    await rig.settle();
    assert.equal(conn.status().state, "waiting");
    conn.stop();
    await rig.settle(60_000);
    assert.equal(conn.status().state, "stopped");
    assert.equal(rig.broker.clients().length, 0);
  });

  it("useCredentials: a refused link tries again at once with the new credentials; another node id is refused", async () => {
    const rig = createRig();
    const { conn, connected } = connectionOn(rig, 1);
    rig.broker.refuseNextConnect(5);
    conn.start();
    await rig.settle();
    assert.equal(conn.status().state, "refused");
    assert.throws(() => conn.useCredentials(fakeCredentials("FFEEDD001122")), /not AABBCC001122/);
    conn.useCredentials({ ...fakeCredentials(), certificate: Uint8Array.from([0x30, 0x03, 0x02, 0x01, 9]) });
    await rig.settle();
    assert.equal(conn.status().state, "connected");
    assert.deepEqual(connected, [true]);
    assert.equal(rig.broker.clients().length, 1);
    conn.useCredentials(fakeCredentials());
    await rig.settle();
    assert.deepEqual(connected, [true, false], "a live link is replaced by one with the new credentials");
    assert.equal(rig.broker.clients().length, 1);
    conn.stop();
    conn.useCredentials(fakeCredentials());
    await rig.settle(10_000);
    assert.equal(rig.broker.clients().length, 0, "ignored once stopped");
  });
});
