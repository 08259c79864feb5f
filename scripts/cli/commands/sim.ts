/**
 * `xs-rainmaker sim [--devices N] [--app lightbulb|switch|sensor|multi] [--cloud URL] [--state DIR] [--wifi env.json]
 * [--claim self|server-key]`: simulated devices against the local cloud (embedded in this process
 * unless `--cloud` names a running one), then a control console on stdin. Devices claim as a board
 * does by default (device-made RSA key, self claim with the factory secret registered in the cloud's batch).
 */
import type { Command } from "commander";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startCloudServer, CloudServerDefaults } from "../../../cloud-stub/server";
import type { CloudServerOptions } from "../../../cloud-stub/server";
import { PkiFiles } from "../../../cloud-stub/pki/pki-constants";
import { simApp, SimApps } from "../../../host-sim/apps/index";
import { claimStrategy, ClaimStrategies, factoryRegistrar, login } from "../../../host-sim/loop";
import type { CloudEndpoints } from "../../../host-sim/loop";
import { openSqliteStore } from "../../../cloud-stub/store/sqlite";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";
import { controlConsole, runSimulator } from "../../../host-sim/main";
import { ensureUser, StartDefaults } from "./start";
import { ensureStateSigningKey } from "../../ota/state-signing-key";
import { otaTryLines } from "../../ota/try-update-hint";

interface SimFlags {
  devices: string;
  app: string;
  cloud?: string;
  claimUrl?: string;
  ca?: string;
  user?: string;
  password?: string;
  state: string;
  wifi?: string;
  claim: string;
  cloudData?: string;
  exitWhenOnline?: boolean;
}

/** A fleet claims from one address: lift the per-address claim rate limit of the embedded cloud. */
const FleetClaimLimits: CloudServerOptions["claimLimits"] = Object.freeze({ attemptsPerAddress: 1_000_000 });

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function runSim(flags: SimFlags): Promise<void> {
  const count = Number(flags.devices);
  if (!Number.isInteger(count) || count < 1) throw new Error(`--devices must be a whole number >= 1, got ${flags.devices}`);
  const app = simApp(flags.app);
  const strategy = claimStrategy(flags.claim);
  const stateDir = resolve(flags.state);
  mkdirSync(stateDir, { recursive: true });
  let endpoints: CloudEndpoints;
  let credentials: { userName: string; password: string; userId?: string };
  let closeCloud = async (): Promise<void> => undefined;
  if (flags.cloud) {
    if (!flags.user || !flags.password || !flags.ca) throw new Error("--cloud needs --user, --password and --ca (the cloud's dev CA, <data>/" + PkiFiles.caCert + ")");
    const http = new URL(flags.cloud);
    const https = flags.claimUrl ?? `https://${http.hostname}:${CloudServerDefaults.httpsPort}`;
    endpoints = { http: http.origin, https, caPem: readFileSync(flags.ca, "utf8") };
    credentials = { userName: flags.user, password: flags.password };
    if (strategy === "self") {
      if (!flags.cloudData) throw new Error("--cloud with the self claim needs --cloud-data (the cloud's data directory, to register the devices' factory secrets), or pass --claim server-key");
      // the same registration as `xs-rainmaker factory import`, one device at a time
      const store = openSqliteStore(join(resolve(flags.cloudData), CloudServerDefaults.databaseFile));
      endpoints.registerFactory = factoryRegistrar(openClaimStore(store.db), "xs-rainmaker-sim");
      closeCloud = async () => store.close();
    }
  } else {
    // a fleet claims from one address: lift the per-address claim rate limit of the embedded cloud
    // ports are chosen on the first run and kept: claimed devices reconnect to the MQTT port they were given
    const portsFile = join(stateDir, "ports.json");
    const saved = existsSync(portsFile) ? (JSON.parse(readFileSync(portsFile, "utf8")) as { http: number; https: number; mqtt: number }) : undefined;
    const cloud = await startCloudServer({ dataDir: join(stateDir, "cloud"), httpPort: saved?.http ?? 0, httpsPort: saved?.https ?? 0, mqttPort: saved?.mqtt ?? 0, claimLimits: FleetClaimLimits });
    if (!saved) writeFileSync(portsFile, `${JSON.stringify({ http: Number(new URL(cloud.urls.http).port), https: Number(new URL(cloud.urls.https).port), mqtt: cloud.mqttPort })}\n`);
    closeCloud = () => cloud.close();
    endpoints = { http: cloud.urls.http, https: cloud.urls.https, caPem: cloud.authority.caPem, registerFactory: factoryRegistrar(cloud.claims, "xs-rainmaker-sim") };
    credentials = await ensureUser(cloud, stateDir);
    say(`embedded cloud: REST ${cloud.urls.http}/v1/  MQTT ${cloud.urls.mqtt}  user ${credentials.userName} / ${credentials.password}`);
  }
  const token = await login(endpoints.http, credentials.userName, credentials.password);
  const userId = credentials.userId ?? (await import("../../../host-sim/loop").then((m) => m.rest(endpoints.http, "GET", "/v1/user", token))).body?.user_id;
  if (typeof userId !== "string") throw new Error("could not read the user id (GET /v1/user)");
  // the devices trust the state's OTA signing key, so `ota build --key` images install on them [ota README §1]
  const otaKey = ensureStateSigningKey(stateDir);
  const fleet = await runSimulator({ count, app, stateDir, cloud: endpoints, token, userId, network: StartDefaults.network, claimStrategy: strategy, otaPublicKey: otaKey.publicKey, ...(flags.wifi ? { wifiFile: resolve(flags.wifi) } : {}) });
  say(`${count} ${app.name} device(s) online in ${(fleet.startMs / 1000).toFixed(1)} s`);
  const first = fleet.devices[0]!;
  const lines = otaTryLines({
    stateDir,
    keyFile: otaKey.keyFile,
    app: first.firmware().projectName,
    running: first.firmware().version,
    nodes: fleet.devices.slice(0, 3).map((d) => d.factory.mac).join(","),
    login: { userName: credentials.userName, password: credentials.password, baseUrl: endpoints.http },
  });
  for (const line of lines) say(line);
  if (count > 3) say("  (or --all instead of --nodes: every node of the user)");
  try {
    if (!flags.exitWhenOnline) await controlConsole(fleet, say);
  } finally {
    fleet.stop();
    await closeCloud();
  }
}

export function register(program: Command): void {
  program
    .command("sim")
    .description("run simulated devices against the local cloud, with a control console on stdin")
    .option("--devices <n>", "how many devices", "1")
    .option("--app <name>", `firmware app: ${Object.keys(SimApps).join("|")}`, "lightbulb")
    .option("--cloud <url>", "REST base URL of a running cloud (default: embed one)")
    .option("--claim-url <url>", "claim service base (HTTPS) of --cloud (default: same host, port 8443)")
    .option("--ca <file>", "dev CA certificate of --cloud")
    .option("--user <name>", "user of --cloud")
    .option("--password <password>", "password of --user")
    .option("--state <dir>", "device flash files and the embedded cloud's data", ".state/sim")
    .option("--wifi <file>", "virtual Wi-Fi environment JSON; devices join its first network")
    .option("--claim <strategy>", `how devices claim: ${ClaimStrategies.join("|")} (self = as a board: device-made RSA key; server-key = faster for big fleets)`, "self")
    .option("--cloud-data <dir>", "data directory of --cloud (self claim: registers the devices' factory secrets)")
    .option("--exit-when-online", "stop once every device is online")
    .action(async (flags: SimFlags) => {
      try {
        await runSim(flags);
      } catch (error) {
        process.stderr.write(`[ERROR]: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
