/** The simulator's firmware binary: the app entry bundled with esbuild into one ES module. */
import { build } from "esbuild";
import { appDescriptorLine } from "../../host-sim/apps/app-descriptor";
import type { AppDescriptor } from "../../host-sim/apps/app-descriptor";

/**
 * Bundles `entry`. With `descriptor`, the binary starts with the simulator's app descriptor line
 * (project and version, the `esp_app_desc_t` role), which the simulated device reads from its running slot.
 */
export async function bundleApp(entry: string, descriptor?: AppDescriptor): Promise<Uint8Array> {
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
    ...(descriptor ? { banner: { js: appDescriptorLine(descriptor).slice(0, -1) } } : {}),
  });
  return result.outputFiles[0]!.contents;
}
