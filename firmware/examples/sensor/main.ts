import { startAgent } from "../../core/agent/index";
import { node } from "../../core/index";
import sht3x from "../../drivers/sht3x/sht3x";
import { createPlatform } from "../../platform/moddable/platform";

/** SHT3x temperature/humidity sensor on I2C 0x44 (SDA 21, SCL 22), sampled every 60 s. */
const app = node({ name: "Climate", type: "Temperature Sensor" })
  .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: 21, clock: 22 } }, pollMs: 60_000 })
  .withSystemService();

const platform = createPlatform();
startAgent(platform, app, { info: { fwVersion: platform.system.firmware().version } });
