import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { appDescriptorBytes, appDescriptorLine, AppDescriptorFormat, readAppDescriptor } from "../../host-sim/apps/app-descriptor";
import { switchApp } from "../../host-sim/apps/switch";
import { createOta } from "../../host-sim/adapters/ota";
import { createSimDevice } from "../../host-sim/device";
import type { SimDevice } from "../../host-sim/device";

const field = fc.string({ minLength: 1, maxLength: AppDescriptorFormat.maxFieldChars, unit: fc.constantFrom(..."abcXYZ019 .-_+~:/()".split("")) });

/** Writes `binary` into the inactive slot and activates it, as a finished OTA does; the next boot runs it. */
async function flashNext(dir: string, binary: Uint8Array): Promise<void> {
  const ota = createOta({ dir: join(dir, "ota") });
  const writer = await ota.begin(binary.length);
  await writer.write(binary);
  await writer.complete();
}

describe("simulator firmware identity (app descriptor of the running slot)", () => {
  it("round-trips any valid project and version", () => {
    fc.assert(fc.property(field, field, fc.uint8Array({ maxLength: 64 }), (projectName, version, rest) => {
      const bytes = new Uint8Array([...appDescriptorBytes({ projectName, version }), ...rest]);
      assert.deepEqual(readAppDescriptor(bytes), { ok: true, value: { projectName, version } });
    }));
  });

  it("never throws on arbitrary bytes, and says why a head is not a descriptor", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const read = readAppDescriptor(bytes);
      if (!read.ok) assert.ok(read.error.length > 0);
    }));
    const cases: Array<[string, RegExp]> = [
      ["console.log(1)\n", /does not start with/],
      ['/*xs-rainmaker-app {"project_name":"a"*/\n', /not JSON/],
      ['/*xs-rainmaker-app []*/\n', /not an object/],
      ['/*xs-rainmaker-app {"project_name":"a","version":""}*/\n', /version missing/],
      [`/*xs-rainmaker-app {"project_name":"${"p".repeat(32)}","version":"1"}*/\n`, /longer than 31/],
      ['/*xs-rainmaker-app {"project_name":"a","version":"1"}*/', /no descriptor line/],
    ];
    for (const [text, error] of cases) {
      const read = readAppDescriptor(new TextEncoder().encode(text));
      assert.equal(read.ok, false, text);
      assert.match((read as { error: string }).error, error);
    }
    assert.equal(readAppDescriptor(Uint8Array.from([0x2f, 0x2a, 0xff, 0xfe, 0x0a])).ok, false);
  });

  it("refuses to write a field that would break the line", () => {
    for (const bad of ["", "a*/b", 'a"b', "a\nb", "x".repeat(32), "é"]) {
      assert.throws(() => appDescriptorLine({ projectName: bad, version: "1.0.0" }), /app descriptor/);
    }
  });

  describe("device boot", () => {
    let dir: string;
    let device: SimDevice | undefined;
    const lines: string[] = [];
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "xsr-fw-"));
      lines.length = 0;
    });
    afterEach(async () => {
      device?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it("runs the factory image 1.0.0 first, then the version of the slot it switched to", async () => {
      device = createSimDevice({ dir, app: switchApp, write: (l) => void lines.push(l) });
      device.boot();
      assert.deepEqual(device.firmware(), { projectName: "switch", version: "1.0.0" });
      assert.equal(device.platform()!.system.firmware().version, "1.0.0");
      device.stop();
      await flashNext(dir, new Uint8Array([...appDescriptorBytes({ projectName: "switch", version: "1.4.2" }), ...new TextEncoder().encode("export {};\n")]));
      device = createSimDevice({ dir, app: switchApp, write: (l) => void lines.push(l) });
      device.boot("ota");
      assert.deepEqual(device.firmware(), { projectName: "switch", version: "1.4.2" });
      assert.deepEqual(device.platform()!.system.firmware().projectName, "switch");
      assert.equal(device.platform()!.ota.boot().pendingValidation, true);
    });

    it("a slot without a descriptor boots with the factory identity and says so", async () => {
      await flashNext(dir, new TextEncoder().encode("export const x = 1;\n"));
      device = createSimDevice({ dir, app: switchApp, projectName: "my-switch", write: (l) => void lines.push(l) });
      device.boot("ota");
      assert.deepEqual(device.firmware(), { projectName: "my-switch", version: "1.0.0" });
      assert.ok(lines.some((l) => /slot b: binary does not start with an xs-rainmaker app descriptor/.test(l)), lines.join("\n"));
    });
  });
});
