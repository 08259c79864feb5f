/**
 * Runs a Debian `mosquitto` as a child process configured by `mosquitto-config.ts` around the dev CA
 * files of a data dir (external broker tests and benchmarks; users run it themselves).
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import type { AddressInfo } from "node:net";
import { writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { mosquittoAcl, mosquittoConf } from "./mosquitto-config";

/** Path of the mosquitto binary, or undefined when it is not installed. */
export function findMosquitto(): string | undefined {
  for (const candidate of ["mosquitto", "/usr/sbin/mosquitto"]) {
    const r = spawnSync(candidate, ["-h"], { encoding: "utf8" });
    if (!r.error) return candidate;
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningMosquitto {
  pid: number;
  port: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/**
 * Starts `mosquitto -c <generated conf>` on a free 127.0.0.1 port with `dataDir`'s ca.crt,
 * server.crt/key, a per-node pattern ACL and optionally a CRL; resolves once the port accepts.
 */
export async function startMosquitto(binary: string, dataDir: string, serviceUser: string, crlPem?: string): Promise<RunningMosquitto> {
  const port = await freePort();
  const aclFile = join(dataDir, "mosquitto.acl");
  const confFile = join(dataDir, "mosquitto.conf");
  await writeFile(aclFile, mosquittoAcl(serviceUser));
  let crlFile: string | undefined;
  if (crlPem) {
    crlFile = join(dataDir, "revoked.crl");
    await writeFile(crlFile, crlPem);
  }
  await writeFile(
    confFile,
    mosquittoConf({ port, runAsUser: userInfo().username }, {
      caFile: join(dataDir, "ca.crt"),
      certFile: join(dataDir, "server.crt"),
      keyFile: join(dataDir, "server.key"),
      aclFile,
      crlFile,
    }),
  );
  const child: ChildProcess = spawn(binary, ["-c", confFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 5000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`mosquitto did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid!,
    port,
    url: `mqtts://127.0.0.1:${port}`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
