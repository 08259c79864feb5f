/**
 * A simulated device in provisioning mode on this machine: SoftAP protocomm on 127.0.0.1:<port>,
 * virtual Wi-Fi, fresh flash. Prints the QR payload (and the QR code) like a board's console.
 *
 *   npx tsx scripts/prov-client/sim-device.ts --port 8080 --sec 2 [--wifi env.json]
 */
import { Command } from "commander";
import qrcode from "qrcode-terminal";
import { createProvisioning } from "../../firmware/core/provisioning/index";
import { createClock } from "../../host-sim/adapters/clock";
import { createCrypto } from "../../host-sim/adapters/crypto";
import { createHttpServer } from "../../host-sim/adapters/http-server";
import { createLog } from "../../host-sim/adapters/log";
import { createWifi, readWifiEnvironment } from "../../host-sim/adapters/wifi";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import { createFakeSystem } from "../../host-sim/fakes/system";

const DefaultAir = Object.freeze({
  networks: [
    { ssid: "MyHomeAP", passphrase: "secret123", channel: 6, rssi: -42, ip: "192.168.1.57" },
    { ssid: "Cafe Guest", channel: 1, rssi: -67, ip: "10.0.0.23" },
  ],
  connectDelayMs: 1500,
  scanDelayMs: 1000,
});

const program = new Command("sim-device")
  .option("--port <port>", "HTTP port on 127.0.0.1", "8080")
  .option("--sec <0|1|2>", "security version", "2")
  .option("--pop <pop>", "custom PoP (default derived from the MAC)")
  .option("--wifi <file>", "virtual Wi-Fi environment JSON")
  .option("--mapping <mode>", "cloud_user_assoc, ch_resp or none", "cloud_user_assoc")
  .option("--node-id <id>", "node id returned by the user mapping", "SIMNODE000001")
  .parse();
const o = program.opts<{ port: string; sec: string; pop?: string; wifi?: string; mapping: string; nodeId: string }>();

const clock = createClock();
const log = createLog({ label: "prov-sim" });
const prov = createProvisioning(
  {
    clock,
    kv: createMemoryKv(),
    log,
    crypto: createCrypto(),
    wifi: createWifi({ clock, environment: o.wifi ? readWifiEnvironment(o.wifi) : DefaultAir }),
    system: createFakeSystem(),
    httpServer: createHttpServer(),
  },
  {
    nodeId: o.nodeId,
    transport: "softap",
    security: Number(o.sec) as 0 | 1 | 2,
    userMapping: o.mapping as "cloud_user_assoc" | "ch_resp" | "none",
    http: { port: Number(o.port), host: "127.0.0.1" },
    ...(o.pop ? { pop: o.pop } : {}),
  },
);
if (!(await prov.start())) process.exit(1);
qrcode.generate(prov.qrPayload, { small: true });
const outcome = await prov.done();
log.log("info", "prov-sim", `done: ${JSON.stringify(outcome)}`);
process.exit(outcome.result === "provisioned" ? 0 : 1);
