/**
 * `npm start` = `xs-rainmaker start`: the whole loop on one machine. Starts the local cloud, a user,
 * one simulated lightbulb; provisions it over real SoftAP protocomm (security 2, cloud_user_assoc)
 * with the provisioning client; the device self-claims (device-made RSA key, factory secret registered
 * in the cloud's factory batch), connects with mutual TLS, and shows a param write
 * applied by the driver. The dashboard's Add-device page shows the device's QR payload. State lives
 * in `--state` (default `.state/start`): a second run resumes.
 */
import type { Command } from "commander";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { startCloudServer, CloudServerDefaults } from "../../../cloud-stub/server";
import type { CloudServer } from "../../../cloud-stub/server";
import { hashPassword } from "../../../cloud-stub/auth/password";
import { lightbulbApp } from "../../../host-sim/apps/lightbulb";
import { softApProvisioning } from "../../../host-sim/device";
import type { SimDevice, SoftApInfo } from "../../../host-sim/device";
import { createLoopDevice, factoryRegistrar, login, rest } from "../../../host-sim/loop";
import type { CloudEndpoints } from "../../../host-sim/loop";
import { deriveProvisioningIdentity, factoryRandomBytes, ProvisioningKv, qrPayload } from "../../../firmware/core/provisioning/identity";
import { ensureStateSigningKey } from "../../ota/state-signing-key";
import { otaTryLines } from "../../ota/try-update-hint";
import { runProvisioning } from "../../prov-client/provision-flow";
import { createSoftApTransport } from "../../prov-client/softap-http";

export const StartDefaults = Object.freeze({
  state: ".state/start",
  userName: "maker@example.com",
  network: Object.freeze({ ssid: "xsr-home", passphrase: "xsr-home-pass" }),
});

interface StartFlags {
  state: string;
  fresh?: boolean;
  httpPort: string;
  httpsPort: string;
  mqttPort: string;
  exitWhenOnline?: boolean;
}

interface SavedUser {
  userName: string;
  password: string;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

export async function ensureUser(cloud: CloudServer, stateDir: string): Promise<SavedUser & { userId: string }> {
  const file = join(stateDir, "user.json");
  let saved: SavedUser | undefined = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SavedUser) : undefined;
  const existing = cloud.store.getUserByName(saved?.userName ?? StartDefaults.userName);
  if (!saved || !existing) {
    saved = { userName: StartDefaults.userName, password: randomBytes(6).toString("hex") };
    const now = Date.now();
    const userId = existing?.userId ?? `u-${randomBytes(8).toString("hex")}`;
    const passwordHash = await hashPassword(saved.password);
    if (existing) cloud.store.setUserPassword(existing.userId, passwordHash);
    else cloud.store.createUser({ userId, userName: saved.userName, passwordHash, name: "Maker", confirmed: true, createdAt: now });
    writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  }
  return { ...saved, userId: cloud.store.getUserByName(saved.userName)!.userId };
}

function port(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name}: not a port number: ${value}`);
  return n;
}

async function provisionWithClient(info: SoftApInfo, cloud: CloudEndpoints, token: string, userId: string): Promise<void> {
  say(`[phone] provisioning ${info.serviceName} at 127.0.0.1:${info.port} (security ${info.security}, PoP ${info.pop})`);
  const ok = await runProvisioning(
    {
      transport: createSoftApTransport({ host: `127.0.0.1:${info.port}` }),
      security: info.security,
      pop: info.pop,
      ssid: StartDefaults.network.ssid,
      passphrase: StartDefaults.network.passphrase,
      cloud: { baseUrl: cloud.http, token, userId },
      pollMs: 200,
      mappingPollMs: 500,
    },
    { out: (l) => say(`[phone] ${l}`), err: (l) => say(`[phone] ${l}`), fail: () => undefined },
  );
  if (!ok) throw new Error("provisioning failed (see the [phone] lines above)");
}

async function runStart(flags: StartFlags): Promise<void> {
  const stateDir = resolve(flags.state);
  if (flags.fresh) rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const resumed = existsSync(join(stateDir, "devices", "lightbulb", "flash.cbor"));
  say(`xs-rainmaker: local cloud + one simulated lightbulb (state: ${stateDir}${resumed ? ", resuming" : ", fresh"})`);
  const qrPayloads: Array<Record<string, string>> = [];
  const cloud = await startCloudServer({
    dataDir: join(stateDir, "cloud"),
    httpPort: port("--http-port", flags.httpPort),
    httpsPort: port("--https-port", flags.httpsPort),
    mqttPort: port("--mqtt-port", flags.mqttPort),
    qrPayloads: () => qrPayloads,
  });
  let device: SimDevice | undefined;
  const shutdown = async (signal: string): Promise<void> => {
    say(`\n${signal}: stopping the device and the cloud`);
    device?.stop();
    await cloud.close();
  };
  try {
    say(`  REST   ${cloud.urls.http}/v1/    MQTT (mTLS) ${cloud.urls.mqtt}    claim ${cloud.urls.https}/claim/`);
    say(`  web    ${cloud.urls.http}/    (dashboard: log in with the user below; Add device shows the device's QR payload)`);
    const user = await ensureUser(cloud, stateDir);
    say(`  user   ${user.userName} / password ${user.password}   (saved in ${join(stateDir, "user.json")})`);
    // the device claims itself [spec 4.3]: its MAC and factory secret go into the cloud's factory batch
    const endpoints: CloudEndpoints = { http: cloud.urls.http, https: cloud.urls.https, caPem: cloud.authority.caPem, registerFactory: factoryRegistrar(cloud.claims, "npm-start") };
    const token = await login(endpoints.http, user.userName, user.password);
    // the device trusts the state's OTA signing key, so `ota build --key` images install on it [ota README §1]
    const otaKey = ensureStateSigningKey(stateDir);
    const made = await createLoopDevice({
      dir: join(stateDir, "devices", "lightbulb"),
      app: lightbulbApp,
      cloud: endpoints,
      token,
      userId: user.userId,
      network: StartDefaults.network,
      agent: { ota: { publicKey: otaKey.publicKey } },
      provision: softApProvisioning({ security: 2, onReady: (info) => void provisionWithClient(info, endpoints, token, user.userId).catch((e: unknown) => say(`[phone] [ERROR] ${String(e)}`)) }),
    });
    device = made.device;
    qrPayloads.push(deviceQrPayload(device));
    const agent = device.boot();
    const nodeId = device.factory.mac;
    await new Promise<void>((ok, fail) => {
      agent.onPhase((p) => {
        if (p === "online") ok();
        if (p === "refused" || p === "failed" || p === "unclaimed") fail(new Error(`device stopped in phase ${p}`));
      });
      if (agent.phase() === "online") ok();
    });
    await waitMapped(endpoints.http, token, nodeId);
    say("");
    say(`Node ${nodeId} is online, its config and params are in the cloud, and it belongs to ${user.userName}.`);
    say("Demo: setting Light.Brightness = 75 over REST; watch the device's driver write it:");
    await rest(endpoints.http, "PUT", "/v1/user/nodes/params", token, [{ node_id: nodeId, payload: { Light: { Power: true, Brightness: 75 } } }]);
    await new Promise((r) => setTimeout(r, 500));
    say("");
    say("Change a param yourself (in another terminal):");
    say(`  npx xs-rainmaker login -u ${user.userName} -p ${user.password} --base-url ${cloud.urls.http}`);
    say(`  npx xs-rainmaker params set ${nodeId} --data '{"Light":{"Power":false}}'`);
    say(`  npx xs-rainmaker params get ${nodeId}`);
    say("or with Espressif's esp-rainmaker-cli:");
    say(`  esp-rainmaker-cli profile add local --base-url ${cloud.urls.http}`);
    say("  esp-rainmaker-cli profile switch local");
    say(`  esp-rainmaker-cli login --user_name ${user.userName} --password ${user.password}`);
    say(`  esp-rainmaker-cli setparams ${nodeId} --data '{"Light":{"Hue":240,"Saturation":100}}'`);
    say("");
    for (const line of otaTryLines({ stateDir, keyFile: otaKey.keyFile, app: device.firmware().projectName, running: device.firmware().version, nodes: nodeId })) say(line);
    say("Press Ctrl+C to stop; `npm start` again resumes this device (no re-provisioning, no re-claim).");
    if (flags.exitWhenOnline) {
      await shutdown("done");
      return;
    }
  } catch (error) {
    await shutdown("error");
    throw error;
  }
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      shutdown(signal).then(done, (e: unknown) => {
        say(`shutdown failed: ${String(e)}`);
        process.exitCode = 1;
        done();
      });
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

/** The QR payload the device shows while provisioning [spec 6.7], for the dashboard's Add-device page. */
function deviceQrPayload(device: SimDevice): Record<string, string> {
  const random = factoryRandomBytes(device.kv().get(ProvisioningKv.factoryNamespace, ProvisioningKv.factoryRandom));
  const identity = deriveProvisioningIdentity(random, device.macBytes);
  return JSON.parse(qrPayload({ serviceName: identity.serviceName, pop: identity.pop, security: 2, transport: "softap" })) as Record<string, string>;
}

/** The node appears in the user's node list once the mapping is confirmed. */
async function waitMapped(base: string, token: string, nodeId: string): Promise<void> {
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const list = await rest(base, "GET", "/v1/user/nodes", token);
    if (JSON.stringify(list.body ?? {}).includes(nodeId)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`node ${nodeId} was not mapped to the user within 60 s`);
}

export function register(program: Command): void {
  program
    .command("start")
    .description("the whole loop: local cloud, a user, one simulated lightbulb provisioned, claimed and online")
    .option("--state <dir>", "state directory (cloud data, device flash)", StartDefaults.state)
    .option("--fresh", "delete the saved state first")
    .option("--http-port <port>", "REST port", String(CloudServerDefaults.httpPort))
    .option("--https-port <port>", "REST/claim port over TLS", String(CloudServerDefaults.httpsPort))
    .option("--mqtt-port <port>", "MQTT (mutual TLS) port", String(CloudServerDefaults.mqttPort))
    .option("--exit-when-online", "stop after the demo write (for scripts and tests)")
    .action(async (flags: StartFlags) => {
      try {
        await runStart(flags);
      } catch (error) {
        process.stderr.write(`[ERROR]: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
