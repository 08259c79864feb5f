/**
 * The fleet fixture: N lightbulbs already provisioned, claimed and mapped to the bench user, as
 * they would be after their first start, so a bench measures only "boot N claimed devices until
 * all are connected". Built once in the cloud's process straight through its PKI (one RSA key for
 * the whole fixture, a node certificate per device signed by the dev CA and recorded in its
 * registry), kept under the temp dir and reused with `--reuse`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "cbor-x";
import { saveCredentials, loadCredentials } from "../../firmware/core/claiming/credentials";
import { storeWifiCredentials } from "../../firmware/core/provisioning/kv-state";
import { ProvisioningKv } from "../../firmware/core/provisioning/identity";
import { toHex } from "../../firmware/protocol/bytes";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import { readKvFile } from "../../host-sim/adapters/kv";
import type { FactoryData } from "../../host-sim/device";
import { pemBlocks } from "../../host-sim/host-claim";
import type { CloudServer } from "../../cloud-stub/server";
import { exportPkcs8Pem, generateRsaKeyPair } from "../../cloud-stub/pki/keys";

export const FleetNetwork = Object.freeze({ ssid: "bench", passphrase: "bench-pass" });

export const FleetFixtureLayout = Object.freeze({
  cloudDir: "cloud",
  devicesDir: "devices",
  meta: "fixture.json",
  flash: "flash.cbor",
  factory: "factory.json",
});

export interface FleetFixtureMeta {
  count: number;
  nodeIds: string[];
  mqttPort: number;
}

/** `<tmp>/xsr-bench-fleet-<N>`: one fixture per fleet size. */
export function fixtureDir(count: number): string {
  return join(tmpdir(), `xsr-bench-fleet-${count}`);
}

export function deviceDir(dir: string, index: number): string {
  return join(dir, FleetFixtureLayout.devicesDir, `lightbulb-${index + 1}`);
}

export function readFixtureMeta(dir: string): FleetFixtureMeta | undefined {
  const file = join(dir, FleetFixtureLayout.meta);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, "utf8")) as FleetFixtureMeta;
}

/** Remove a fixture (a fresh build starts from an empty directory). */
export function clearFixture(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** One flash image, written in a single file write (a fixture need not survive a power cut). */
function writeFlash(file: string, fill: (kv: ReturnType<typeof createMemoryKv>) => void, initial = {}): void {
  const kv = createMemoryKv({ initial });
  fill(kv);
  writeFileSync(file, encode(kv.snapshot()));
}

function newFactory(): FactoryData {
  const mac = randomBytes(6);
  mac[0] = (mac[0]! & 0xfc) | 0x02;
  return { mac: toHex(mac, true), secretHex: randomBytes(32).toString("hex"), randomHex: randomBytes(64).toString("hex") };
}

/**
 * Writes `count` claimed devices under `dir` and registers them in `cloud` (node, certificate,
 * primary mapping to `userId`). Meta is written last, so a half-built fixture is never reused.
 */
export async function buildFleetFixture(cloud: CloudServer, dir: string, count: number, userId: string, onProgress?: (done: number) => void): Promise<FleetFixtureMeta> {
  const keys = await generateRsaKeyPair();
  const [keyDer] = pemBlocks(await exportPkcs8Pem(keys.privateKey), "PRIVATE KEY");
  const [caDer] = pemBlocks(cloud.authority.caPem, "CERTIFICATE");
  // bulk set-up of the bench's own database: no fsync per row (the measured phase keeps the defaults)
  const sync = cloud.store.db.pragma("synchronous", { simple: true });
  cloud.store.db.pragma("synchronous = OFF");
  const nodeIds: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const factory = newFactory();
      const ddir = deviceDir(dir, i);
      mkdirSync(ddir, { recursive: true });
      writeFileSync(join(ddir, FleetFixtureLayout.factory), `${JSON.stringify(factory, null, 2)}\n`);
      const nodeId = factory.mac;
      const issued = await cloud.authority.issue("node", { commonName: nodeId, publicKey: keys.publicKey, usage: "client" });
      const now = Date.now();
      cloud.store.ensureNode(nodeId, now);
      cloud.store.setCertificate(nodeId, issued.pem, now);
      cloud.store.addMapping({ userId, nodeId, primary: true, mappedAt: Math.floor(now / 1000) });
      writeFlash(join(ddir, FleetFixtureLayout.flash), (kv) => {
        kv.set(ProvisioningKv.factoryNamespace, ProvisioningKv.factoryRandom, Buffer.from(factory.randomHex, "hex"));
        storeWifiCredentials(kv, FleetNetwork);
        saveCredentials(kv, { nodeId, certificate: pemBlocks(issued.pem, "CERTIFICATE")[0]!, privateKey: keyDer!, caCertificate: caDer, mqttHost: cloud.mqttHost, mqttPort: cloud.mqttPort });
      });
      nodeIds.push(nodeId);
      if ((i + 1) % 250 === 0) onProgress?.(i + 1);
    }
  } finally {
    cloud.store.db.pragma(`synchronous = ${Number(sync)}`);
  }
  const meta: FleetFixtureMeta = { count, nodeIds, mqttPort: cloud.mqttPort };
  writeFileSync(join(dir, FleetFixtureLayout.meta), JSON.stringify(meta));
  return meta;
}

/** A reused fixture's devices point at the broker of this run (its port is ephemeral). */
export function pointFixtureAt(dir: string, meta: FleetFixtureMeta, mqttHost: string, mqttPort: number): FleetFixtureMeta {
  if (meta.mqttPort === mqttPort) return meta;
  for (let i = 0; i < meta.count; i++) {
    const file = join(deviceDir(dir, i), FleetFixtureLayout.flash);
    const initial = readKvFile(file);
    writeFlash(file, (kv) => {
      const creds = loadCredentials(kv);
      if (!creds) throw new Error(`${file}: fixture device holds no credentials`);
      saveCredentials(kv, { ...creds, mqttHost, mqttPort });
    }, initial);
  }
  const next = { ...meta, mqttPort };
  writeFileSync(join(dir, FleetFixtureLayout.meta), JSON.stringify(next));
  return next;
}
