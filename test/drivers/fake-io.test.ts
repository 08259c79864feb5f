import assert from "node:assert/strict";
import { createManualClock } from "../../host-sim/fakes/clock";
import { createFakeIo, FakeSht3x, sht3xCrc } from "../../host-sim/fakes/io";

describe("fakes: virtual IO", () => {
  it("digital pins: outputs record writes, inputs follow setInput and pulls, edges call onReadable", () => {
    const io = createFakeIo();
    const out = io.digital({ pin: 2, mode: "output" });
    out.write(1);
    assert.equal(io.pin(2).output, 1);
    assert.throws(() => io.digital({ pin: 2, mode: "output" }), /already open/);
    out.close();
    assert.throws(() => out.write(0), /closed/);
    let edges = 0;
    const input = io.digital({ pin: 3, mode: "input-pull-up", edge: "falling", onReadable: () => edges++ });
    assert.equal(input.read(), 1);
    io.pin(3).setInput(0);
    io.pin(3).setInput(1);
    io.pin(3).setInput(1);
    assert.equal(edges, 1);
    assert.throws(() => input.write(1), /not an output/);
  });

  it("pwm and analog channels check ranges and scale readings", () => {
    const io = createFakeIo();
    const pwm = io.pwm({ pin: 5, resolution: 8 });
    pwm.write(128);
    assert.equal(io.pwmChannel(5).duty, 128);
    assert.throws(() => pwm.write(256), /not in 0\.\.255/);
    const adc = io.analog({ pin: 34, resolution: 12 });
    io.analogChannel(34).setFraction(0.25);
    assert.equal(adc.read(), Math.round(0.25 * 4095));
    io.analogChannel(34).setFraction(7);
    assert.equal(adc.read(), 4095);
  });

  it("i2c: absent targets NACK, transfers are recorded, buses are separate", () => {
    const io = createFakeIo();
    const dev = io.i2c({ address: 0x44 });
    assert.throws(() => dev.write(Uint8Array.of(0x24, 0x00)), /NACK/);
    io.i2cBus(1).attach(0x44, new FakeSht3x());
    assert.throws(() => dev.read(6), /NACK/);
    const other = io.i2c({ address: 0x44, port: 1 });
    other.write(Uint8Array.of(0x24, 0x00));
    assert.equal(other.read(6).length, 6);
    assert.deepEqual(io.i2cBus(1).transfers.map((t) => [t.direction, t.ok]), [["write", true], ["read", true]]);
    assert.throws(() => io.i2c({ address: 0x90 }), /7-bit/);
  });

  it("sht3x model: single shot with and without clock stretching, periodic fetch, status and heater", () => {
    const clock = createManualClock();
    const io = createFakeIo();
    const chip = new FakeSht3x({ clock, temperature: 25, humidity: 50 });
    io.i2cBus().attach(0x44, chip);
    const bus = io.i2c({ address: 0x44 });
    const cmd = (c: number) => bus.write(Uint8Array.of(c >> 8, c & 0xff));
    cmd(0x2c06);
    const data = bus.read(6);
    assert.equal(data[2], sht3xCrc(data.subarray(0, 2)));
    assert.equal(data[5], sht3xCrc(data.subarray(3, 5)));
    assert.deepEqual([(data[0]! << 8) | data[1]!, (data[3]! << 8) | data[4]!], chip.rawWords());
    assert.throws(() => bus.read(6), /no measurement data/);
    cmd(0x2130);
    cmd(0xe000);
    assert.throws(() => bus.read(6), /NACK/, "no periodic data before the first period ends");
    clock.advance(1020);
    cmd(0xe000);
    assert.equal(bus.read(6).length, 6);
    assert.throws(() => cmd(0x2400), /periodic mode/);
    cmd(0x3093);
    cmd(0x306d);
    cmd(0xf32d);
    const status = bus.read(3);
    assert.ok(((status[0]! << 8) | status[1]!) & (1 << 13));
    assert.equal(status[2], sht3xCrc(status.subarray(0, 2)));
    assert.throws(() => cmd(0x1234), /unknown command/);
    assert.ok(chip.statusRegister & 2, "command-failed bit set");
  });
});
