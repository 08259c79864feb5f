/**
 * Board side of `xs-rainmaker flash --credentials board.json`: reads the `xsr-node-credentials.json`
 * resource (manifest `data`, module `Resource`) and installs it once with
 * `installFactoryCredentials`. An image built without credentials has no such resource: no-op.
 */
import Resource from "Resource";
import type { KvPort } from "../../ports/kv";
import type { LogPort } from "../../ports/log";
import { installFactoryCredentials } from "./factory-credentials-loader";
import type { FactoryInstallOutcome } from "./factory-credentials-loader";

function readResource(name: string): Uint8Array | undefined {
  if (!Resource.exists(name)) return undefined;
  return new Uint8Array(new Resource(name).slice(0));
}

/** Call right after `createPlatform()`, before `startAgent`, so the agent finds the credentials. */
export function installImageCredentials(platform: { kv: KvPort; log: LogPort }): FactoryInstallOutcome {
  return installFactoryCredentials(readResource, platform.kv, platform.log);
}
