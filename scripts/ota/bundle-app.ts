/** The simulator's firmware binary: the app entry bundled with esbuild into one ES module. */
import { build } from "esbuild";

export async function bundleApp(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    logLevel: "silent",
    // bare specifiers (Moddable modules such as "timer", "mc/config") come from the runtime, not the bundle
    packages: "external",
  });
  return result.outputFiles[0]!.contents;
}
