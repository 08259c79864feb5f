import assert from "node:assert/strict";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { createFakeBroker } from "../../../host-sim/fakes/mqtt";
import { createFakeHttpNetwork } from "../../../host-sim/fakes/http";
import { createMemoryOta } from "../../../host-sim/fakes/ota";
import { createVirtualWifi } from "../../../host-sim/fakes/wifi";
import { createSocketBudget } from "../../../host-sim/fakes/socket-budget";
import type { WifiEvent } from "../../../firmware/ports/wifi";

// Runs under mocha and on XS (npx tsx test/xs/run-xs.ts test/host-sim/xs/fakes-portable.test.ts):
// the fakes use no host API, so a firmware test bundle can carry them.
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("fakes without host APIs", () => {
  it("clock, kv, log and system work", () => {
    const clock = createManualClock();
    const fired: number[] = [];
    clock.setInterval(() => fired.push(clock.monotonic()), 10);
    clock.advance(35);
    assert.deepEqual(fired, [10, 20, 30]);
    const kv = createMemoryKv();
    kv.set("wifi", "ssid", "home");
    assert.throws(() => kv.set("wifi", "f", 0.5), /float/);
    assert.equal(kv.get("wifi", "ssid"), "home");
    const log = createMemoryLog();
    log.log("info", "core", "up");
    assert.deepEqual(log.lines(), ["info core: up"]);
    assert.equal(createFakeSystem().mac().length, 6);
  });

  it("the fake broker connects, subscribes and delivers", async () => {
    const broker = createFakeBroker();
    const got: string[] = [];
    let connected = false;
    const client = broker.port({ sockets: createSocketBudget() }).connect(
      { host: "broker", port: 8883, clientId: "n1", keepAliveS: 120 },
      { onConnect: () => (connected = true), onMessage: (topic) => got.push(topic), onClose: () => undefined },
    );
    await settle();
    assert.equal(connected, true);
    await client.subscribe("node/n1/params/remote", 1);
    assert.equal(await broker.inject("node/n1/params/remote", Uint8Array.of(123, 125)), 1);
    await settle();
    assert.deepEqual(got, ["node/n1/params/remote"]);
    await client.publish("node/n1/params/local", Uint8Array.of(1), { qos: 1 });
    assert.equal(broker.published().length, 2);
  });

  it("the fake HTTP network serves a fake server and a scripted origin", async () => {
    const net = createFakeHttpNetwork({ chunkSize: 2 });
    const handle = await net.server().listen({ port: 0 }, async (request) => ({ status: 200, body: request.body }));
    const echo = await net.client().request({ method: "POST", url: `http://127.0.0.1:${handle.port}/x`, body: Uint8Array.of(1, 2, 3) });
    assert.deepEqual(await echo.read(), Uint8Array.of(1, 2));
    assert.deepEqual(await echo.read(), Uint8Array.of(3));
    assert.equal(await echo.read(), undefined);
    net.route("https://ota.example", () => ({ status: 206, body: Uint8Array.of(9) }));
    const ota = await net.client().request({ method: "GET", url: "https://ota.example/fw", tls: { ca: [Uint8Array.of(0)] } });
    assert.equal(ota.status, 206);
  });

  it("OTA and Wi-Fi fakes run their state machines", async () => {
    const ota = createMemoryOta();
    const writer = await ota.begin(4);
    await writer.write(Uint8Array.of(1, 2, 3, 4));
    await writer.complete();
    assert.deepEqual(ota.simulateReboot(), { running: "b", pendingValidation: true, rolledBack: false });
    const clock = createManualClock();
    const wifi = createVirtualWifi({ clock, environment: { networks: [{ ssid: "home", passphrase: "password1", bssid: "02:00:00:00:00:09" }] } });
    const events: WifiEvent[] = [];
    wifi.connect({ ssid: "home", passphrase: "password1" }, (e) => events.push(e));
    clock.advance(2000);
    assert.equal(events.at(-1)!.type, "connected");
  });
});
