import assert from "node:assert/strict";
import fc from "fast-check";
import type { BleGattPort, BleProvisioningService } from "../../../firmware/ports/ble";
import type { HttpServerRequest } from "../../../firmware/ports/http-server";
import { createProvisioning } from "../../../firmware/core/provisioning/index";
import { utf8Decode, utf8Encode } from "../../../firmware/protocol/bytes";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { createMemoryKv } from "../../../host-sim/fakes/kv";
import { createMemoryLog } from "../../../host-sim/fakes/log";
import { createFakeSystem } from "../../../host-sim/fakes/system";
import { createVirtualWifi } from "../../../host-sim/fakes/wifi";
import { getTestCrypto } from "../../helpers/crypto-port";
import { clientFor } from "./client-for";
import { createRig, MAC, Networks } from "./rig";

const request = (path: string, body: Uint8Array, extra: { method?: string; cookie?: string; connectionId?: number } = {}): HttpServerRequest => ({
  method: extra.method ?? "POST",
  path,
  headers: extra.cookie ? { cookie: extra.cookie } : {},
  body,
  connectionId: extra.connectionId ?? 1,
});

describe("SoftAP HTTP transport [spec 6.1]", () => {
  it("answers proto-ver with text/html and a session cookie on the first request", async () => {
    const rig = createRig();
    await rig.prov.start();
    const res = await rig.http.handler()!(request("/proto-ver", utf8Encode("---")));
    assert.ok(!("close" in res));
    assert.equal(res.status, 200);
    assert.equal(res.headers?.["content-type"], "text/html");
    assert.match(res.headers?.["set-cookie"] ?? "", /^session=\d+$/);
    assert.match(utf8Decode(res.body!), /"sec_ver":\t2/);
    const again = await rig.http.handler()!(request("/proto-ver", utf8Encode("---"), { cookie: res.headers!["set-cookie"] }));
    assert.ok(!("close" in again) && again.headers?.["set-cookie"] === undefined, "same session: no new cookie");
  });

  it("refuses unknown endpoints (404), other methods (405) and empty bodies (400)", async () => {
    const rig = createRig();
    await rig.prov.start();
    const h = rig.http.handler()!;
    assert.equal(((await h(request("/nope", Uint8Array.of(1)))) as { status: number }).status, 404);
    assert.equal(((await h(request("/proto-ver", Uint8Array.of(1), { method: "GET" }))) as { status: number }).status, 405);
    assert.equal(((await h(request("/prov-session", new Uint8Array(0)))) as { status: number }).status, 400);
    assert.equal(((await h(request("/%E0%A4%A", Uint8Array.of(1)))) as { status: number }).status, 400);
    assert.ok(rig.log.find({ includes: "outside 1..4096" }).length === 1);
  });

  it("closes without a reply on a malformed handshake and keeps serving", async () => {
    const rig = createRig();
    await rig.prov.start();
    const res = await rig.http.handler()!(request("/prov-session", Uint8Array.of(0xff, 0xff, 0xff)));
    assert.deepEqual(res, { close: true });
    await clientFor(rig.transport(), 2, "28aabbcc", async () => undefined).startSession();
  });

  it("survives arbitrary bytes on every endpoint; a real client still provisions afterwards", async () => {
    const rig = createRig({ config: { throttle: { freeFailures: 1_000_000 } } });
    await rig.prov.start();
    const endpoints = rig.prov.protocomm()!.endpoints();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), fc.uint8Array({ minLength: 0, maxLength: 600 }), fc.nat(3), async (endpoint, body, conn) => {
        const res = await rig.http.handler()!(request(`/${endpoint}`, body, { connectionId: 1000 + conn }));
        if (!("close" in res)) assert.ok([200, 400].includes(res.status));
      }),
      { numRuns: 150 },
    );
    const client = clientFor(rig.transport(), 2, "28aabbcc", async (ms) => rig.clock.advance(ms));
    await client.startSession();
    await client.setConfig("Cafe Guest", "");
    await client.applyConfig();
    assert.equal((await client.waitForConnection({ pollMs: 500 })).state, "connected");
  });
});

describe("BLE transport glue [spec 6.1]", () => {
  it("registers one characteristic per endpoint named by its 0x2901 description and routes writes to protocomm", async () => {
    let service: BleProvisioningService | undefined;
    let stopped = false;
    const ble: BleGattPort = {
      start: async (s) => void (service = s),
      stop: async () => void (stopped = true),
    };
    const clock = createManualClock();
    const prov = createProvisioning(
      {
        clock,
        kv: createMemoryKv(),
        log: createMemoryLog(),
        crypto: getTestCrypto(),
        wifi: createVirtualWifi({ clock, environment: { networks: Networks } }),
        system: createFakeSystem({ mac: MAC }),
        ble,
      },
      { nodeId: "node-1", security: 1 },
    );
    assert.equal(prov.transport, "ble");
    assert.equal(JSON.parse(prov.qrPayload).transport, "ble");
    await prov.start();
    assert.ok(service);
    assert.equal(service.deviceName, "PROV_aabbcc");
    assert.equal(service.serviceUuid, "021a9004-0382-4aea-bff4-6b3f1c5adfb4");
    const byName = new Map(service.characteristics.map((c) => [c.description, c]));
    assert.equal(byName.get("prov-session")?.uuid, "021aff51-0382-4aea-bff4-6b3f1c5adfb4");
    assert.equal(byName.get("cloud_user_assoc")?.uuid, "021aff54-0382-4aea-bff4-6b3f1c5adfb4");
    const ver = utf8Decode(await byName.get("proto-ver")!.handler(utf8Encode("---")));
    assert.match(ver, /"sec_ver":\t1/);
    const transport = {
      send: (endpoint: string, body: Uint8Array) => byName.get(endpoint)!.handler(body),
      close: async () => undefined,
    };
    await clientFor(transport, 1, "28aabbcc", async () => undefined).startSession();
    await prov.stop();
    assert.equal(stopped, true);
  });
});
