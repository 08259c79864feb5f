import assert from "node:assert/strict";
import fc from "fast-check";
import {
  bleGattLayout,
  buildProtoVersion,
  characteristicUuid,
  deriveProvisioningIdentity,
  factoryRandomBytes,
  qrCodeUrl,
  qrPayload,
} from "../../../firmware/core/provisioning/index";
import { fromHex } from "../../../firmware/protocol/bytes";
import { parseProtoVersion } from "../../../firmware/protocol/protocomm/client/index";
import { endpointUuid, ProvisioningGatt } from "../../../firmware/platform/moddable/ble-uuid";
import { PROVISIONING_VECTORS } from "../../protocol/protocomm/helpers/all-vectors";

const vector = (name: string) => PROVISIONING_VECTORS[name] as unknown as { device: { proto_ver_response_text: string } };

describe("provisioning identity [spec 6.7]", () => {
  const random = fromHex("a1b2c3d4" + "00".repeat(57) + "1a2b3c");

  it("takes the PoP from the first 4 and the name from the last 3 bytes of fctry random", () => {
    assert.deepEqual(deriveProvisioningIdentity(random, new Uint8Array(6)), { serviceName: "PROV_1a2b3c", pop: "a1b2c3d4", source: "factory-random" });
  });

  it("falls back to MAC bytes 3..5 for the name and 2..5 for the PoP", () => {
    const mac = Uint8Array.of(0x24, 0x6f, 0x28, 0xaa, 0xbb, 0xcc);
    assert.deepEqual(deriveProvisioningIdentity(undefined, mac), { serviceName: "PROV_aabbcc", pop: "28aabbcc", source: "mac" });
  });

  it("reads fctry random as a blob or as hex, and rejects unusable values", () => {
    assert.deepEqual(factoryRandomBytes("A1B2C3D4" + "00".repeat(57) + "1A2B3C"), random);
    assert.equal(factoryRandomBytes("xyz"), undefined);
    assert.equal(factoryRandomBytes(Uint8Array.of(1, 2, 3)), undefined);
    assert.equal(factoryRandomBytes(42), undefined);
  });

  it("always gives PROV_ + 6 lowercase hex and an 8-hex PoP", () => {
    fc.assert(
      fc.property(fc.option(fc.uint8Array({ minLength: 0, maxLength: 80 })), fc.uint8Array({ minLength: 6, maxLength: 6 }), (r, mac) => {
        const id = deriveProvisioningIdentity(r ?? undefined, mac);
        assert.match(id.serviceName, /^PROV_[0-9a-f]{6}$/);
        assert.match(id.pop, /^[0-9a-f]{8}$/);
      }),
    );
  });

  it("builds the QR payload with the key order of the spec; sec1 omits username", () => {
    assert.equal(
      qrPayload({ serviceName: "PROV_1a2b3c", pop: "abcd1234", security: 2, transport: "ble" }),
      '{"ver":"v1","name":"PROV_1a2b3c","username":"wifiprov","pop":"abcd1234","transport":"ble"}',
    );
    assert.equal(qrPayload({ serviceName: "PROV_1a2b3c", pop: "abcd1234", security: 1, transport: "softap" }), '{"ver":"v1","name":"PROV_1a2b3c","pop":"abcd1234","transport":"softap"}');
    assert.equal(qrCodeUrl('{"a":1}'), "https://rainmaker.espressif.com/qrcode.html?data=%7B%22a%22%3A1%7D");
  });
});

describe("proto-ver text [spec 6.2]", () => {
  for (const [file, security] of [["sec0", 0], ["sec1", 1], ["sec2", 2]] as const) {
    it(`prints byte-identical to the ${file} vector and our client parses it`, () => {
      const text = vector(file).device.proto_ver_response_text;
      assert.equal(buildProtoVersion({ security }), text);
      const info = parseProtoVersion(text);
      assert.equal(info.securityVersion, security);
      assert.equal(info.securityPatchVersion, security === 2 ? 1 : 0);
      assert.deepEqual(info.capabilities, security === 0 ? ["no_sec", "wifi_scan"] : ["wifi_scan"]);
    });
  }

  it("puts rmaker_extra before prov, cJSON style", () => {
    const text = buildProtoVersion({ security: 2, appInfo: { rmaker_extra: { ver: "1.0", cap: ["ch_resp"] } } });
    assert.equal(text, '{\n\t"rmaker_extra":\t{\n\t\t"ver":\t"1.0",\n\t\t"cap":\t["ch_resp"]\n\t},\n\t"prov":\t{\n\t\t"ver":\t"v1.1",\n\t\t"sec_ver":\t2,\n\t\t"sec_patch_ver":\t1,\n\t\t"cap":\t["wifi_scan"]\n\t}\n}');
    assert.deepEqual(parseProtoVersion(text).rmakerExtraCapabilities, ["ch_resp"]);
  });

  it("the client refuses malformed proto-ver replies with a clear error", () => {
    assert.throws(() => parseProtoVersion("SUCCESS"), /not JSON/);
    assert.throws(() => parseProtoVersion("[]"), /not a JSON object/);
    assert.throws(() => parseProtoVersion('{"prov":{}}'), /missing prov.ver/);
    assert.throws(() => parseProtoVersion('{"prov":{"ver":"v1.1","cap":"x"}}'), /prov.cap/);
  });
});

describe("BLE GATT layout [spec 6.1]", () => {
  it("maps endpoints to the RainMaker characteristic UUIDs, custom ones from 0xFF54 in creation order", () => {
    const layout = bleGattLayout(["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl", "cloud_user_assoc", "rmaker_claim"]);
    assert.deepEqual(
      layout.map((c) => [c.endpoint, c.uuid]),
      [
        ["proto-ver", "021aff53-0382-4aea-bff4-6b3f1c5adfb4"],
        ["prov-session", "021aff51-0382-4aea-bff4-6b3f1c5adfb4"],
        ["prov-config", "021aff52-0382-4aea-bff4-6b3f1c5adfb4"],
        ["prov-scan", "021aff50-0382-4aea-bff4-6b3f1c5adfb4"],
        ["prov-ctrl", "021aff4f-0382-4aea-bff4-6b3f1c5adfb4"],
        ["cloud_user_assoc", "021aff54-0382-4aea-bff4-6b3f1c5adfb4"],
        ["rmaker_claim", "021aff55-0382-4aea-bff4-6b3f1c5adfb4"],
      ],
    );
  });

  it("honours fixed ids of a compiled GATT table and numbers the rest around them", () => {
    const layout = bleGattLayout(["proto-ver", "prov-session", "ch_resp", "custom-data"], undefined, { cloud_user_assoc: 0xff54, ch_resp: 0xff55 });
    assert.deepEqual(
      layout.map((c) => [c.endpoint, c.uuid]),
      [
        ["proto-ver", "021aff53-0382-4aea-bff4-6b3f1c5adfb4"],
        ["prov-session", "021aff51-0382-4aea-bff4-6b3f1c5adfb4"],
        ["ch_resp", "021aff55-0382-4aea-bff4-6b3f1c5adfb4"],
        ["custom-data", "021aff54-0382-4aea-bff4-6b3f1c5adfb4"],
      ],
    );
  });

  it("agrees with the Moddable adapter's compiled GATT table for a ch_resp-only device", () => {
    const fixed = Object.fromEntries(ProvisioningGatt.endpoints.map(([name, id]) => [name, id]));
    const endpoints = ["proto-ver", "prov-session", "prov-config", "prov-scan", "prov-ctrl", "ch_resp"];
    for (const c of bleGattLayout(endpoints, ProvisioningGatt.serviceUuid, fixed)) {
      assert.equal(c.uuid, endpointUuid(ProvisioningGatt.serviceUuid, fixed[c.endpoint]!), c.endpoint);
    }
  });

  it("works on the IDF default service UUID and rejects bad input", () => {
    assert.equal(characteristicUuid("1775244d-6b43-439b-877c-060f2d9bed07", 0xff51), "1775ff51-6b43-439b-877c-060f2d9bed07");
    assert.throws(() => characteristicUuid("not-a-uuid", 1), /128-bit UUID/);
    assert.throws(() => characteristicUuid("1775244d-6b43-439b-877c-060f2d9bed07", 0x10000), /16-bit/);
  });
});
