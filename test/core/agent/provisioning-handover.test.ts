import assert from "node:assert/strict";
import type { WifiPort } from "../../../firmware/ports/wifi";
import { startAgent } from "../../../firmware/core/agent/index";
import type { AgentPhase } from "../../../firmware/core/agent/index";
import { loadWifiCredentials, provisioningHook } from "../../../firmware/core/provisioning/index";
import { DeviceClosedError, type ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { clientFor } from "../provisioning/client-for";
import { createCapturedHttp, type CapturedHttp } from "../provisioning/rig";
import type { VirtualWifi } from "../../../host-sim/fakes/wifi";
import { createRig, lightApp, WIFI } from "./rig";
import type { Rig } from "./rig";

/** IDF's auto-stop default; esp_prov and esp-rainmaker-cli poll GetStatus 5 s after ApplyConfig. */
const StopDelayMs = 30_000;
const ClientPollMs = 5000;

function softApTransport(http: CapturedHttp): ProvTransport {
  let cookie: string | undefined;
  return {
    async send(endpoint, body) {
      const handler = http.handler();
      if (!handler) throw new Error("device is not listening");
      const res = await handler({ method: "POST", path: `/${endpoint}`, headers: cookie ? { cookie } : {}, body, connectionId: 1 });
      if ("close" in res) throw new DeviceClosedError(endpoint);
      if (res.status !== 200) throw new Error(`${endpoint}: HTTP ${res.status}`);
      cookie = res.headers?.["set-cookie"] ?? cookie;
      return res.body ?? new Uint8Array(0);
    },
    close: async () => undefined,
  };
}

/** Counts what reaches the radio, so a second join or a drop by the agent shows. */
function countingWifi(radio: WifiPort): WifiPort & { connects: string[]; disconnects: number } {
  const counted = {
    connects: [] as string[],
    disconnects: 0,
    scan: () => radio.scan(),
    connect: (...args: Parameters<WifiPort["connect"]>) => {
      counted.connects.push(args[0].ssid);
      radio.connect(...args);
    },
    disconnect: () => {
      counted.disconnects++;
      radio.disconnect();
    },
    startAccessPoint: (o: Parameters<WifiPort["startAccessPoint"]>[0]) => radio.startAccessPoint(o),
    stopAccessPoint: () => radio.stopAccessPoint(),
  };
  return counted;
}

interface Provisioned {
  rig: Rig;
  http: CapturedHttp;
  wifi: ReturnType<typeof countingWifi>;
  radio: VirtualWifi;
  phases: Array<{ phase: AgentPhase; at: number }>;
  appliedAt: number;
  agent: ReturnType<typeof startAgent>;
  client: ReturnType<typeof clientFor>;
}

/** An unprovisioned, claimed light; a phone sends Wi-Fi credentials over SoftAP (security 0) and applies them. */
async function provisionOverSoftAp(): Promise<Provisioned> {
  const rig = createRig({ provisioned: false });
  const http = createCapturedHttp();
  const radio = rig.platform.wifi as VirtualWifi;
  const wifi = countingWifi(radio);
  rig.platform.httpServer = http;
  rig.platform.wifi = wifi;
  const agent = startAgent(rig.platform, lightApp(), {
    hooks: { provision: provisioningHook({ nodeId: "AABBCC001122", transport: "softap", security: 0 }) },
  });
  const phases: Array<{ phase: AgentPhase; at: number }> = [];
  agent.onPhase((phase) => phases.push({ phase, at: rig.clock.monotonic() }));
  await rig.settle();
  assert.equal(agent.phase(), "provisioning");
  const client = clientFor(softApTransport(http), 0, "", async (ms) => rig.settle(ms));
  await client.startSession();
  await client.setConfig(WIFI.ssid, WIFI.passphrase);
  await client.applyConfig();
  return { rig, http, wifi, radio, phases, appliedAt: rig.clock.monotonic(), agent, client };
}

describe("agent after provisioning: goes on while provisioning lingers", () => {
  it("is online before provisioning stops, and provisioning still answers GetStatus 5 s after ApplyConfig", async () => {
    const { rig, http, wifi, phases, appliedAt, agent, client } = await provisionOverSoftAp();
    await rig.settle(ClientPollMs);
    const online = phases.find((p) => p.phase === "online");
    assert.ok(online, `online within 5 s of ApplyConfig (phases ${phases.map((p) => p.phase).join(", ")})`);
    assert.ok(online.at - appliedAt < ClientPollMs);
    assert.equal(http.listening(), true, "provisioning still serves");
    const status = await client.getStatus();
    assert.equal(status.state, "connected");
    assert.equal(status.state === "connected" && status.ssid, WIFI.ssid);
    assert.equal(loadWifiCredentials(rig.kv)?.ssid, WIFI.ssid);
    assert.equal(rig.broker.clients().length, 1);

    await rig.settle(StopDelayMs);
    assert.equal(http.listening(), false, "provisioning stopped after its delay");
    assert.ok(rig.log.find({ includes: "provisioning finished" }).length === 1);
    assert.equal(agent.phase(), "online", "the provisioning stop does not disturb the link");
    assert.deepEqual(wifi.connects, [WIFI.ssid], "only provisioning's ApplyConfig joined the network");
    assert.equal(wifi.disconnects, 0);
    agent.stop();
  });

  it("leaves a failing station to provisioning while it runs, then rejoins itself with backoff", async () => {
    const { rig, wifi, radio, agent } = await provisionOverSoftAp();
    await rig.settle(1000);
    assert.equal(agent.phase(), "online");
    assert.ok(rig.log.find({ includes: "station already joined" }).length === 1);
    const network = radio.environment().networks;
    radio.setEnvironment({ networks: [], connectDelayMs: 50, scanDelayMs: 50 }); // the access point goes away: the link drops
    await rig.settle(5000);
    assert.equal(radio.status().station, "idle", "the station gave up");
    assert.deepEqual(wifi.connects, [WIFI.ssid], "no join of its own while provisioning owns the station");
    await rig.settle(StopDelayMs);
    assert.ok(wifi.connects.length >= 2, "after provisioning stopped, the agent joins again");
    assert.ok(rig.log.find({ includes: "retrying in" }).length >= 1);
    radio.setEnvironment({ networks: network, connectDelayMs: 50, scanDelayMs: 50 });
    await rig.settle(130_000);
    assert.equal(radio.status().station, "connected");
    assert.equal(wifi.disconnects, 0);
    agent.stop();
  });
});
