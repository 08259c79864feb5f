import assert from "node:assert/strict";
import { startAgent } from "../../../firmware/core/agent/agent";
import { createClaimManager } from "../../../firmware/core/claiming/claim-manager";
import { loadCredentials, saveCredentials } from "../../../firmware/core/claiming/credentials";
import type { MqttConnectOptions, MqttPort } from "../../../firmware/ports/mqtt";
import { readCertificate } from "../../../firmware/protocol/der/certificate";
import { createFakeBroker } from "../../../host-sim/fakes/mqtt";
import { fakeCredentials } from "../claiming/fake-certificate";
import { createRig, lightApp, NODE_ID } from "./rig";

const DAY = 86_400_000;
const EPOCH = 1_700_000_000_000;

/** Records the client certificate of every CONNECT. */
function recordingMqtt(port: MqttPort, serials: number[]): MqttPort {
  return {
    ...port,
    connect(options: MqttConnectOptions, events) {
      serials.push(readCertificate(options.tls!.certificates![0]!).notAfter);
      return port.connect(options, events);
    },
  };
}

describe("agent certificate renewal (claim manager)", () => {
  it("checks daily on a manual clock; once renewed, reconnects MQTT with the new certificate and goes online again", async () => {
    const rig = createRig({ claimed: false, broker: createFakeBroker({ requireClientCert: true }) });
    saveCredentials(rig.kv, fakeCredentials(NODE_ID, EPOCH + 40 * DAY, 1));
    const connects: number[] = [];
    let claims = 0;
    const platform = { ...rig.platform, mqtt: recordingMqtt(rig.platform.mqtt, connects) };
    const agent = startAgent(platform, lightApp(), {
      backoff: { initialMs: 1000, maxMs: 8000 },
      renewalCheckMs: DAY,
      hooks: {
        claimManager: (p) => createClaimManager({ kv: p.kv, clock: p.clock, log: p.log, flow: async () => {
          claims++;
          return fakeCredentials(NODE_ID, EPOCH + 400 * DAY, 2);
        } }),
      },
    });
    await rig.settle(200);
    assert.equal(agent.phase(), "online");
    assert.deepEqual(connects, [EPOCH + 40 * DAY]);

    // 30-day window: due after ten days, checked once a day
    for (let day = 0; day < 9; day++) await rig.settle(DAY);
    assert.equal(claims, 0, "not due yet");
    assert.equal(connects.length, 1);
    for (let day = 0; day < 3; day++) await rig.settle(DAY);
    assert.equal(claims, 1);
    await rig.settle(200);
    assert.deepEqual(connects, [EPOCH + 40 * DAY, EPOCH + 400 * DAY], "reconnected once, with the renewed certificate");
    assert.equal(agent.phase(), "online");
    assert.equal(readCertificate(loadCredentials(rig.kv)!.certificate).notAfter, EPOCH + 400 * DAY);
    assert.equal(rig.broker.clients().length, 1);
    assert.equal(rig.log.find({ tag: "claim", includes: "certificate renewed" }).length, 1);
    agent.stop();
    assert.equal(rig.clock.pendingTimers(), 0, "renewal checks stop with the agent");
  });

  it("claims through the claim manager when no credentials are stored", async () => {
    const rig = createRig({ claimed: false, broker: createFakeBroker({ requireClientCert: true }) });
    const agent = startAgent(rig.platform, lightApp(), {
      hooks: { claimManager: (p) => createClaimManager({ kv: p.kv, clock: p.clock, log: p.log, flow: async () => fakeCredentials(NODE_ID, EPOCH + 400 * DAY) }) },
    });
    await rig.settle(200);
    assert.equal(agent.phase(), "online");
    assert.equal(loadCredentials(rig.kv)?.nodeId, NODE_ID);
    agent.stop();
  });
});
