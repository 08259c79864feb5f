/** The provisioning GATT table compiled into the firmware matches the UUID rule and names of spec 6.1. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { bleGattLayout } from "../../firmware/core/provisioning/ble-layout";
import { endpointUuid, ProvisioningBleLayout, ProvisioningGatt } from "../../firmware/platform/moddable/ble-uuid";

const REPO = resolve(import.meta.dirname, "..", "..");

interface GattJson {
  service: { uuid: string; characteristics: Record<string, { uuid: string; maxBytes: number; properties: string; descriptors: Record<string, { uuid: string; value: string }> }> };
}

describe("provisioning GATT layout", () => {
  it("derives prov-session's UUID as in spec 6.1", () => {
    assert.equal(endpointUuid("021a9004-0382-4aea-bff4-6b3f1c5adfb4", 0xff51), "021aff51-0382-4aea-bff4-6b3f1c5adfb4");
  });

  it("changes only the 3rd and 4th octets of the service UUID", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 0, max: 0xffff }), (service, id) => {
        const out = endpointUuid(service, id);
        assert.equal(out.slice(0, 4), service.slice(0, 4).toLowerCase());
        assert.equal(out.slice(4, 8), id.toString(16).padStart(4, "0"));
        assert.equal(out.slice(8), service.slice(8).toLowerCase());
      }),
    );
  });

  it("rejects malformed UUIDs and ids", () => {
    assert.throws(() => endpointUuid("not-a-uuid", 1), /128-bit/);
    assert.throws(() => endpointUuid("021a9004-0382-4aea-bff4-6b3f1c5adfb4", 0x10000), /16-bit/);
  });

  it("bleservices/rmaker-prov.json has one read/write characteristic per endpoint with a 0x2901 name", () => {
    const json = JSON.parse(readFileSync(resolve(REPO, "firmware/platform/moddable/bleservices/rmaker-prov.json"), "utf8")) as GattJson;
    assert.equal(json.service.uuid, ProvisioningGatt.serviceUuid);
    const names = Object.keys(json.service.characteristics);
    assert.deepEqual(names, ProvisioningGatt.endpoints.map(([name]) => name));
    for (const [name, id] of ProvisioningGatt.endpoints) {
      const c = json.service.characteristics[name]!;
      assert.equal(c.uuid, endpointUuid(ProvisioningGatt.serviceUuid, id), name);
      assert.equal(c.maxBytes, 512);
      assert.equal(c.properties, "read,write");
      const descriptors = Object.values(c.descriptors);
      assert.deepEqual(descriptors.map((d) => [d.uuid, d.value]), [["2901", name]]);
    }
  });
});

describe("compiled GATT table and core's BLE layout", () => {
  it("core assigns every endpoint of the table the UUID compiled into the firmware", () => {
    const names = ProvisioningGatt.endpoints.map(([name]) => name);
    const layout = bleGattLayout(names, ProvisioningBleLayout.serviceUuid, ProvisioningBleLayout.endpointIds);
    assert.deepEqual(
      layout.map((c) => [c.endpoint, c.uuid]),
      ProvisioningGatt.endpoints.map(([name, id]) => [name, endpointUuid(ProvisioningGatt.serviceUuid, id)]),
    );
  });

  it("keeps the table's ids when the firmware registers only some custom endpoints, in another order", () => {
    const layout = bleGattLayout(["proto-ver", "ch_resp", "prov-session", "cloud_user_assoc"], ProvisioningBleLayout.serviceUuid, ProvisioningBleLayout.endpointIds);
    assert.deepEqual(layout.map((c) => c.id), [0xff53, 0xff55, 0xff51, 0xff54]);
  });
});
