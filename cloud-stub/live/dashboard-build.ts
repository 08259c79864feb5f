/**
 * The esbuild production build of the web dashboard (`dashboard/src/main.ts` -> one minified ES module
 * plus the stylesheet). Used in memory by the stub when `dashboard/dist/` is absent and by
 * `scripts/build-dashboard.ts` to write `dist/`.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** `dashboard/` of this checkout. */
export const DashboardRoot = fileURLToPath(new URL("../../dashboard/", import.meta.url));

/** The files the stub serves, by URL name. */
export const DashboardFiles = Object.freeze({
  index: { name: "index.html", type: "text/html; charset=utf-8" },
  script: { name: "app.js", type: "text/javascript; charset=utf-8" },
  style: { name: "app.css", type: "text/css; charset=utf-8" },
});

export type DashboardBundle = ReadonlyMap<string, Uint8Array>;

export async function buildDashboard(root: string = DashboardRoot): Promise<DashboardBundle> {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [join(root, "src", "main.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    target: ["chrome110", "firefox110", "safari16"],
    write: false,
    outfile: join(root, "dist", DashboardFiles.script.name),
    legalComments: "none",
    logLevel: "silent",
  });
  const files = new Map<string, Uint8Array>();
  for (const out of result.outputFiles) files.set(DashboardFiles.script.name, out.contents);
  files.set(DashboardFiles.index.name, await readFile(join(root, "src", DashboardFiles.index.name)));
  files.set(DashboardFiles.style.name, await readFile(join(root, "src", DashboardFiles.style.name)));
  return files;
}
