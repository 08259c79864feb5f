/**
 * `xs-rainmaker cloud`: runs the local cloud (REST on HTTP and HTTPS, MQTT broker with mutual TLS or
 * an external broker, claim service, dev CA) until SIGINT/SIGTERM.
 * `xs-rainmaker mosquitto-config`: writes a Mosquitto configuration trusting the dev CA, for
 * `cloud --broker mqtts://...`.
 */
import type { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { userInfo } from "node:os";
import Database from "better-sqlite3";
import { startCloudServer, CloudServerDefaults } from "../../../cloud-stub/server";
import { DefaultCloudConfig } from "../../../cloud-stub/deps";
import type { CloudLog } from "../../../cloud-stub/deps";
import { loadOrCreateDevCa } from "../../../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../../../cloud-stub/pki/certificate-authority";
import { loadOrCreateServerCredentials, loadOrCreateServiceCredentials } from "../../../cloud-stub/pki/server-credentials";
import { PkiFiles, PkiNames } from "../../../cloud-stub/pki/pki-constants";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";
import { mosquittoAcl, mosquittoConf } from "../../../cloud-stub/mosquitto-config";

function consoleLog(): CloudLog {
  const line = (level: string, msg: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${level} ${msg}${fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : ""}`;
  return {
    info: (msg, fields) => console.log(line("info ", msg, fields)),
    warn: (msg, fields) => console.warn(line("warn ", msg, fields)),
    error: (msg, fields) => console.error(line("error", msg, fields)),
  };
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`not a port number: ${value}`);
  return n;
}

interface CloudFlags {
  data: string;
  host: string;
  httpPort: number;
  httpsPort: number;
  mqttPort: number;
  broker?: string;
  publicHost?: string;
}

async function runCloud(flags: CloudFlags): Promise<void> {
  const log = consoleLog();
  const server = await startCloudServer({
    dataDir: resolve(flags.data),
    host: flags.host,
    httpPort: flags.httpPort,
    httpsPort: flags.httpsPort,
    mqttPort: flags.mqttPort,
    brokerUrl: flags.broker,
    publicHost: flags.publicHost,
    log,
  });
  console.log(`xs-rainmaker local cloud (data: ${resolve(flags.data)})`);
  console.log(`  REST        ${server.urls.http}/v1/   (esp-rainmaker-cli profile host)`);
  console.log(`  REST (TLS)  ${server.urls.https}/v1/   claim service: ${server.urls.https}/claim/initiate`);
  console.log(`  MQTT        ${server.urls.mqtt}${server.external ? "   (external broker)" : "   (mutual TLS, node certificates only)"}`);
  console.log(`  dev CA      ${join(resolve(flags.data), PkiFiles.caCert)}`);
  console.log("Press Ctrl+C to stop.");
  await new Promise<void>((done) => {
    const stop = (signal: string) => {
      console.log(`${signal}: shutting down`);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      server.close().then(done, (error: unknown) => {
        console.error(`shutdown failed: ${String(error)}`);
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

async function writeMosquittoConfig(flags: { data: string; port: number; out: string }): Promise<void> {
  const dataDir = resolve(flags.data);
  const out = resolve(flags.out);
  await mkdir(dataDir, { recursive: true });
  await mkdir(out, { recursive: true });
  const db = new Database(join(dataDir, CloudServerDefaults.databaseFile));
  try {
    const claims = openClaimStore(db);
    const authority = new CertificateAuthority(await loadOrCreateDevCa(dataDir), claims);
    await loadOrCreateServerCredentials(dataDir, authority);
    await loadOrCreateServiceCredentials(dataDir, authority);
    const revoked = claims.listRevokedCertificates();
    const crlFile = join(out, "revoked.crl");
    await writeFile(crlFile, await authority.crlPem(revoked));
    const aclFile = join(out, "acl");
    await writeFile(aclFile, mosquittoAcl(PkiNames.serviceCn));
    const confFile = join(out, "mosquitto.conf");
    await writeFile(
      confFile,
      mosquittoConf(
        { port: flags.port, runAsUser: userInfo().username },
        {
          caFile: join(dataDir, PkiFiles.caCert),
          certFile: join(dataDir, PkiFiles.serverCert),
          keyFile: join(dataDir, PkiFiles.serverKey),
          aclFile,
          crlFile,
        },
      ),
    );
    console.log(`wrote ${confFile}`);
    console.log(`run:   mosquitto -c ${confFile}`);
    console.log(`then:  xs-rainmaker cloud --data ${flags.data} --broker mqtts://127.0.0.1:${flags.port}`);
  } finally {
    db.close();
  }
}

async function withClaims<T>(data: string, work: (claims: ReturnType<typeof openClaimStore>) => T): Promise<T> {
  const file = join(resolve(data), CloudServerDefaults.databaseFile);
  const db = new Database(file, { fileMustExist: true });
  try {
    return work(openClaimStore(db));
  } finally {
    db.close();
  }
}

function listCertificates(nodeId: string, flags: { data: string }): Promise<void> {
  return withClaims(flags.data, (claims) => {
    const records = claims.listCertificates(nodeId);
    if (records.length === 0) throw new Error(`no certificates issued for ${nodeId}`);
    for (const r of records) {
      const state = r.revokedAt !== null ? `revoked ${new Date(r.revokedAt).toISOString()} (${r.revokeReason})` : "valid";
      console.log(`${r.serial}  ${r.kind}  issued ${new Date(r.issuedAt).toISOString()}  expires ${new Date(r.notAfter).toISOString()}  ${state}`);
    }
  });
}

/** Revokes one serial, or every certificate of a node id; a running embedded broker drops them at its next sweep. */
function revoke(target: string, flags: { data: string; reason: string }): Promise<void> {
  return withClaims(flags.data, (claims) => {
    const serials = claims.getCertificate(target)
      ? [target]
      : claims.listCertificates(target).filter((r) => r.revokedAt === null).map((r) => r.serial);
    if (serials.length === 0) throw new Error(`${target} is neither a known serial nor a node id with valid certificates`);
    const now = Date.now();
    for (const serial of serials) claims.revokeCertificate(serial, flags.reason, now);
    console.log(`revoked ${serials.length} certificate(s): ${serials.join(", ")}`);
    console.log("a running embedded broker drops them within 10 s; for Mosquitto re-run mosquitto-config and restart it");
  });
}

/** Prints a failure as one line and sets a non-zero exit status (no stack trace for user errors). */
async function reportFailure(work: Promise<void>): Promise<void> {
  try {
    await work;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

export function register(program: Command): void {
  program
    .command("cloud")
    .description("run the local RainMaker-compatible cloud: REST, claim service, MQTT broker (mutual TLS), dev CA")
    .option("--data <dir>", "data directory (SQLite store, dev CA, server certificate)", DefaultCloudConfig.dataDir)
    .option("--host <address>", "listen address of every listener", CloudServerDefaults.host)
    .option("--public-host <name>", "name or IP devices use to reach this machine (mqtt_host, server certificate)")
    .option("--http-port <n>", "REST over HTTP (0 = any free port)", port, CloudServerDefaults.httpPort)
    .option("--https-port <n>", "REST and claim service over HTTPS", port, CloudServerDefaults.httpsPort)
    .option("--mqtt-port <n>", "embedded MQTT broker (mqtts)", port, CloudServerDefaults.mqttPort)
    .option("--broker <url>", "attach the rules to an external broker (mqtts://host:port) instead of the embedded one")
    .action(async (flags: CloudFlags) => reportFailure(runCloud(flags)));

  const certs = program.command("certs").description("node certificates issued by the local cloud's dev CA");
  certs
    .command("list")
    .argument("<node_id>", "node id (certificate CN)")
    .option("--data <dir>", "data directory of the cloud", DefaultCloudConfig.dataDir)
    .action(async (nodeId: string, flags: { data: string }) => reportFailure(listCertificates(nodeId, flags)));
  certs
    .command("revoke")
    .argument("<serial_or_node_id>", "a certificate serial (hex), or a node id to revoke all its certificates")
    .option("--data <dir>", "data directory of the cloud", DefaultCloudConfig.dataDir)
    .option("--reason <text>", "reason kept in the registry", "revoked by operator")
    .action(async (target: string, flags: { data: string; reason: string }) => reportFailure(revoke(target, flags)));

  program
    .command("mosquitto-config")
    .description("write a Mosquitto configuration (mTLS with the dev CA, per-node ACL, CRL) for `cloud --broker`")
    .option("--data <dir>", "data directory of the cloud", DefaultCloudConfig.dataDir)
    .option("--port <n>", "Mosquitto listener port", port, 8884)
    .option("--out <dir>", "where to write mosquitto.conf, acl and revoked.crl", "mosquitto")
    .action(async (flags: { data: string; port: number; out: string }) => reportFailure(writeMosquittoConfig(flags)));
}
