import assert from "node:assert/strict";
import { fromHex, toHex } from "../../../firmware/protocol/bytes";
import { PROVISIONING_VECTORS } from "../../protocol/protocomm/helpers/all-vectors";
import { createSec0Client, DeviceRefusedError, ProvClient, type ProvTransport } from "../../../firmware/protocol/protocomm/client/index";

interface Exchange {
  endpoint: string;
  request: { plaintext_hex?: string; plaintext_decoded?: { fields: Record<string, Record<string, string>> } };
  response: { plaintext_hex?: string } | null;
}
interface VectorFile {
  device: { node_id?: string; wifi_networks: { ssid: string }[] };
  runs: { exchanges: Exchange[] }[];
}

const load = (name: string) => PROVISIONING_VECTORS[name] as unknown as VectorFile;

/**
 * Plays the recorded device side of one esp_prov run on the plaintext level: each request our
 * client makes must equal esp_prov's recorded plaintext byte for byte; the reply is the recorded one.
 */
function recorded(run: { exchanges: Exchange[] }): ProvTransport & { left(): Exchange[] } {
  const queue = run.exchanges.filter((e) => e.request.plaintext_hex !== undefined && e.endpoint !== "custom-data");
  return {
    async send(endpoint, body) {
      const next = queue.shift();
      assert.ok(next, `no recorded exchange left for ${endpoint}`);
      assert.equal(endpoint, next.endpoint);
      assert.equal(toHex(body), next.request.plaintext_hex, `request to ${endpoint} differs from esp_prov's`);
      return fromHex(next.response!.plaintext_hex!);
    },
    close: async () => undefined,
    left: () => queue,
  };
}

const clientOn = (t: ProvTransport) => new ProvClient({ transport: t, security: createSec0Client(), sleep: async () => undefined });

describe("our client against the recorded esp_prov exchanges (plaintext level)", () => {
  it("sec0 run: SetConfig, ApplyConfig, GetStatus until connected", async () => {
    const t = recorded(load("sec0").runs[0]!);
    const c = clientOn(t);
    await c.setConfig("MyHomeAP", "secret123");
    await c.applyConfig();
    assert.deepEqual(await c.waitForConnection(), { state: "connected", ip: "192.168.1.57", ssid: "MyHomeAP", channel: 6, auth: 3 });
    assert.equal(t.left().length, 0);
  });

  it("scan run: scan start/status/results, then provisioning", async () => {
    const file = load("scan");
    const t = recorded(file.runs[0]!);
    const c = clientOn(t);
    const networks = await c.scan();
    assert.deepEqual(networks.map((n) => n.ssid), file.device.wifi_networks.map((n) => n.ssid));
    assert.equal(networks[0]!.rssi, -42);
    await c.setConfig("MyHomeAP", "secret123");
    await c.applyConfig();
    assert.equal((await c.waitForConnection()).state, "connected");
    assert.equal(t.left().length, 0);
  });

  it("wifi-fail runs: attempts remaining then AuthError; ApplyConfig refused; CtrlReset", async () => {
    const file = load("wifi-fail");
    const first = clientOn(recorded(file.runs[0]!));
    await first.setConfig("MyHomeAP", "wrong-pass");
    await first.applyConfig();
    const polls: unknown[] = [];
    assert.deepEqual(await first.waitForConnection({ onPoll: (s) => polls.push(s) }), { state: "failed", reason: "auth-error" });
    assert.deepEqual(polls[0], { state: "connecting", attemptsRemaining: 1 });
    const second = clientOn(recorded(file.runs[1]!));
    await second.setConfig("MyHomeAP", "secret123");
    await assert.rejects(second.applyConfig(), (e: unknown) => e instanceof DeviceRefusedError && e.status === "InternalError");
    const third = recorded(file.runs[2]!);
    await clientOn(third).ctrlReset();
    assert.equal(third.left().length, 0);
  });

  it("cli-provision run: cloud_user_assoc returns the recorded node id", async () => {
    const file = load("cli-provision");
    const run = file.runs[0]!;
    const assoc = run.exchanges.find((e) => e.endpoint === "cloud_user_assoc")!.request.plaintext_decoded!.fields["cmd_set_user_mapping"]!;
    const t = recorded(run);
    const c = clientOn(t);
    assert.equal(await c.setUserMapping(assoc["UserID"]!, assoc["SecretKey"]!), file.device.node_id);
    await c.setConfig("MyHomeAP", "secret123");
    await c.applyConfig();
    assert.equal((await c.waitForConnection()).state, "connected");
    assert.equal(t.left().length, 0);
  });
});
