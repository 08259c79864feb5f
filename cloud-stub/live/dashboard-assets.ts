/**
 * The built dashboard, loaded once per app at first request: an in-memory esbuild build of the sources
 * (never stale), or `dashboard/dist/` (`npx tsx scripts/build-dashboard.ts`) where esbuild, a dev
 * dependency, is not installed.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DashboardFiles, DashboardRoot, buildDashboard } from "./dashboard-build";
import type { DashboardBundle } from "./dashboard-build";

export class DashboardAssets {
  private loading: Promise<DashboardBundle> | undefined;

  constructor(private readonly root: string = DashboardRoot) {}

  /** The file's bytes, or null when the bundle has no such file. Rejects when the build fails (retried next call). */
  async get(name: string): Promise<Uint8Array | null> {
    this.loading ??= this.load().catch((err: unknown) => {
      this.loading = undefined;
      throw err;
    });
    return (await this.loading).get(name) ?? null;
  }

  private async load(): Promise<DashboardBundle> {
    const esbuildPresent = await import("esbuild").then(
      () => true,
      () => false,
    );
    if (esbuildPresent) return buildDashboard(this.root);
    const files = new Map<string, Uint8Array>();
    for (const file of Object.values(DashboardFiles)) files.set(file.name, await readFile(join(this.root, "dist", file.name)));
    return files;
  }
}
