import assert from "node:assert/strict";
import fc from "fast-check";
import { createNodeRuntime, node } from "../../firmware/core";
import sht3x, { crc8, humidityFromRaw, parseReading, temperatureFromRaw } from "../../firmware/drivers/sht3x/sht3x";
import { FakeSht3x, sht3xCrc } from "../../host-sim/fakes/io";
import { createRig, settle } from "./rig";

function setup(pollMs = 10_000) {
  const rig = createRig();
  const chip = new FakeSht3x({ clock: rig.clock, temperature: 23.4, humidity: 41.2 });
  rig.io.i2cBus().attach(0x44, chip);
  const rt = createNodeRuntime(node({ name: "N", type: "Sensor" }).add(sht3x, { name: "Climate", io: { bus: {} }, pollMs }), rig);
  const poll = async (): Promise<void> => {
    rig.clock.advance(pollMs);
    await settle();
    rig.clock.advance(20);
    await settle();
  };
  return { rig, chip, rt, poll };
}

async function started(s: ReturnType<typeof setup>): Promise<void> {
  s.rt.start();
  await settle();
  s.rig.clock.advance(20);
  await settle();
}

describe("driver: sht3x", () => {
  it("CRC-8 matches the datasheet example CRC(0xBEEF) = 0x92 and the fake's independent CRC", () => {
    assert.equal(crc8(Uint8Array.of(0xbe, 0xef)), 0x92);
    fc.assert(fc.property(fc.uint8Array({ minLength: 2, maxLength: 2 }), (b) => crc8(b) === sht3xCrc(b)));
  });

  it("converts raw words with the datasheet formulas", () => {
    assert.equal(temperatureFromRaw(0), -45);
    assert.equal(temperatureFromRaw(65535), 130);
    assert.equal(humidityFromRaw(65535), 100);
    assert.ok(Math.abs(temperatureFromRaw(0x6666) - 24.999) < 0.01);
  });

  it("parseReading checks both CRCs", () => {
    const good = Uint8Array.of(0x66, 0x66, crc8(Uint8Array.of(0x66, 0x66)), 0x80, 0x00, crc8(Uint8Array.of(0x80, 0x00)));
    assert.deepEqual(parseReading(good), { temperatureRaw: 0x6666, humidityRaw: 0x8000 });
    const bad = good.slice();
    bad[5] ^= 1;
    assert.throws(() => parseReading(bad), /CRC mismatch in word 1/);
    assert.throws(() => parseReading(good.subarray(0, 3)), /6 bytes/);
  });

  it("measures single-shot high repeatability (0x2400), waits, and reports rounded values", async () => {
    const s = setup();
    await started(s);
    assert.deepEqual(s.chip.commands, [0x2400]);
    assert.equal(s.rt.get("Climate", "Temperature"), 23.4);
    assert.equal(s.rt.get("Climate", "Humidity"), 41.2);
    assert.deepEqual(s.rt.takeDelta(), { Climate: { Temperature: 23.4, Humidity: 41.2 } });
    const d = s.rt.describe("n").devices[0]!;
    assert.deepEqual(d.params.map((p) => p.name), ["Name", "Temperature", "Humidity"]);
    assert.equal(d.primary, "Temperature");
  });

  it("reads no earlier than the measurement time (the chip NACKs a read while busy)", async () => {
    const s = setup();
    s.rt.start();
    await settle();
    s.rig.clock.advance(15);
    await settle();
    assert.equal(s.rt.get("Climate", "Temperature"), 0, "not read yet at 15 ms");
    s.rig.clock.advance(1);
    await settle();
    assert.equal(s.rt.get("Climate", "Temperature"), 23.4);
    assert.deepEqual(s.rig.log.find({ level: "warn" }), []);
  });

  it("a bad CRC fails that poll with a warning, keeps the last values, and the next poll recovers", async () => {
    const s = setup();
    await started(s);
    s.rt.takeDelta();
    s.chip.temperature = 30;
    s.chip.inject("bad-crc");
    await s.poll();
    assert.equal(s.rt.get("Climate", "Temperature"), 23.4);
    assert.equal(s.rig.log.find({ level: "warn", includes: "CRC mismatch" }).length, 1);
    assert.equal(s.rt.takeDelta(), undefined);
    await s.poll();
    assert.equal(s.rt.get("Climate", "Temperature"), 30);
  });

  it("a NACK on the command or the read fails that poll with a warning and no crash", async () => {
    const s = setup();
    await started(s);
    s.chip.humidity = 60;
    s.chip.inject("nack-write");
    await s.poll();
    s.chip.inject("nack-read");
    await s.poll();
    assert.equal(s.rt.get("Climate", "Humidity"), 41.2);
    assert.equal(s.rig.log.find({ level: "warn", includes: "NACK" }).length, 2);
    await s.poll();
    assert.equal(s.rt.get("Climate", "Humidity"), 60);
  });

  it("property: any climate the chip can represent is read back within 0.01", async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: -45, max: 130, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), async (t, rh) => {
        const s = setup();
        s.chip.temperature = t;
        s.chip.humidity = rh;
        await started(s);
        assert.ok(Math.abs((s.rt.get("Climate", "Temperature") as number) - t) <= 0.01 + 1e-9);
        assert.ok(Math.abs((s.rt.get("Climate", "Humidity") as number) - rh) <= 0.01 + 1e-9);
        s.rt.stop();
      }),
      { numRuns: 60 },
    );
  });

  it("an absent sensor only produces warnings", async () => {
    const rig = createRig();
    const rt = createNodeRuntime(node({ name: "N", type: "Sensor" }).add(sht3x, { name: "Climate", io: { bus: { address: 0x45 } }, pollMs: 1000 }), rig);
    rt.start();
    await settle();
    rig.clock.advance(2000);
    await settle();
    assert.ok(rig.log.find({ level: "warn", includes: "no device answered" }).length >= 1);
    assert.equal(rt.get("Climate", "Temperature"), 0);
  });

  it("honours the repeatability option (0x2416, low)", async () => {
    const rig = createRig();
    const chip = new FakeSht3x({ clock: rig.clock });
    rig.io.i2cBus().attach(0x44, chip);
    const rt = createNodeRuntime(node({ name: "N", type: "Sensor" }).add(sht3x, { name: "C", io: { bus: {} }, options: { repeatability: "low" } }), rig);
    rt.start();
    await settle();
    rig.clock.advance(5);
    await settle();
    assert.deepEqual(chip.commands, [0x2416]);
    assert.equal(rt.get("C", "Temperature"), 21.5);
  });
});
