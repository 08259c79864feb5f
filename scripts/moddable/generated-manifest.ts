/**
 * The manifest `xs-rainmaker flash` / `build` generate when an image carries more than the
 * project's manifest.json: it includes that manifest and adds the host-claim credentials resource
 * to `data` [shared/spec/moddable.md sec. 2: `data` files are copied untransformed into resources]
 * and the OTA signing key as `config.ota.publicKey` (mcconfig merges `config` objects of included
 * manifests; firmware/platform/moddable/app-config.ts `otaConfig` reads it).
 */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NodeCredentials } from "../../firmware/core/claiming/credentials";
import { FactoryCredentials } from "../../firmware/platform/moddable/factory-credentials-loader";
import { credentialsResource } from "./board-credentials";

/** What the generated manifest adds to the project manifest. */
export interface GeneratedBuild {
  /** Checked board credentials (`--credentials`), built in as a resource. */
  credentials?: NodeCredentials;
  /** 65-byte SEC1 P-256 point (`--ota-key`). */
  otaPublicKey?: Uint8Array;
}

/** Manifest that includes the project manifest and adds what `build` holds. */
export function generatedManifest(repoRoot: string, build: GeneratedBuild): Record<string, unknown> {
  const manifest: Record<string, unknown> = { include: [join(resolve(repoRoot), "manifest.json")] };
  if (build.credentials) manifest["data"] = { "*": [`./${FactoryCredentials.resource.replace(/\.json$/, "")}`] };
  if (build.otaPublicKey) manifest["config"] = { ota: { publicKey: Buffer.from(build.otaPublicKey).toString("hex") } };
  return manifest;
}

/**
 * Writes the manifest, and the credentials resource (mode 0600) when there are credentials, into
 * `dir` (mode 0700: it may hold a private key); returns the manifest path.
 */
export function writeGeneratedBuild(dir: string, repoRoot: string, build: GeneratedBuild): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (build.credentials) {
    const resourceFile = join(dir, FactoryCredentials.resource);
    writeFileSync(resourceFile, credentialsResource(build.credentials), { mode: 0o600 });
    chmodSync(resourceFile, 0o600);
  }
  const manifest = join(dir, "manifest.json");
  writeFileSync(manifest, `${JSON.stringify(generatedManifest(repoRoot, build), null, "\t")}\n`);
  return manifest;
}
