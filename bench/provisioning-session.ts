/**
 * A whole security 2 provisioning session over loopback HTTP, our client against our device
 * (proto-ver, SRP handshake, user mapping, scan, set/apply config, status until connected) with
 * zero simulated Wi-Fi delays, so the figure is protocol + crypto + HTTP time. Also the first-boot
 * cost of deriving the sec2 verifier from the PoP.
 */
import { performance } from "node:perf_hooks";
import { createProvisioning, loadSec2Credentials } from "../firmware/core/provisioning/index";
import { createSec2Client, ProvClient } from "../firmware/protocol/protocomm/client/index";
import { utf8Encode } from "../firmware/protocol/bytes";
import { createClock } from "../host-sim/adapters/clock";
import { createCrypto } from "../host-sim/adapters/crypto";
import { createHttpServer } from "../host-sim/adapters/http-server";
import { createMemoryKv } from "../host-sim/fakes/kv";
import { createMemoryLog } from "../host-sim/fakes/log";
import { createFakeSystem } from "../host-sim/fakes/system";
import { createVirtualWifi } from "../host-sim/fakes/wifi";
import { createHostClientMath } from "../scripts/prov-client/client-math";
import { createSoftApTransport } from "../scripts/prov-client/softap-http";
import { printFigure } from "./lib/figures";

const RUNS = 5;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const crypto = createCrypto();

async function session(): Promise<number> {
  const clock = createClock();
  const prov = createProvisioning(
    {
      clock,
      kv: createMemoryKv(),
      log: createMemoryLog(),
      crypto,
      wifi: createVirtualWifi({ clock, environment: { networks: [{ ssid: "Bench", passphrase: "benchpass1" }], connectDelayMs: 0, scanDelayMs: 0 } }),
      system: createFakeSystem(),
      httpServer: createHttpServer(),
    },
    { nodeId: "bench", transport: "softap", http: { port: 0, host: "127.0.0.1" }, stopDelayMs: 10 },
  );
  await prov.start();
  const transport = createSoftApTransport({ host: `127.0.0.1:${prov.httpPort()}` });
  const client = new ProvClient({
    transport,
    security: createSec2Client({ crypto, math: createHostClientMath(), username: utf8Encode("wifiprov"), password: utf8Encode(prov.identity.pop) }),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const t0 = performance.now();
  await client.protoVersion();
  await client.startSession();
  await client.setUserMapping("bench-user", "bench-secret");
  await client.scan({ pollMs: 1 });
  await client.setConfig("Bench", "benchpass1");
  await client.applyConfig();
  const status = await client.waitForConnection({ pollMs: 1, maxPolls: 1000 });
  const ms = performance.now() - t0;
  if (status.state !== "connected") throw new Error(`bench session ended ${status.state}`);
  await transport.close();
  await prov.done();
  return ms;
}

await session();
const times: number[] = [];
for (let i = 0; i < RUNS; i++) times.push(await session());
printFigure({ label: "sec2 provisioning session over loopback HTTP, client + device (Node)", value: median(times), unit: "ms" });

const derive: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  loadSec2Credentials(createMemoryKv(), crypto, "wifiprov", "abcd1234");
  derive.push(performance.now() - t0);
}
printFigure({ label: "sec2 salt + verifier derivation at first boot (Node)", value: median(derive), unit: "ms" });
