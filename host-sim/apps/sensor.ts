import { node } from "../../firmware/core/index";
import sht3x from "../../firmware/drivers/sht3x/sht3x";
import { FakeSht3x } from "../fakes/io/index";
import type { SimApp } from "./sim-app";
import type { FakeIo } from "../fakes/io/index";

/** SHT3x temperature/humidity sensor on I2C 0x44, sampled every 60 s. */
export const sensorApp: SimApp = Object.freeze({
  name: "sensor",
  node: node({ name: "Climate", type: "Temperature Sensor" })
    .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: 21, clock: 22 } }, pollMs: 60_000 })
    .withSystemService(),
  wire(io: FakeIo) {
    io.i2cBus().attach(0x44, new FakeSht3x({ temperature: 22.5, humidity: 45 }));
  },
});
