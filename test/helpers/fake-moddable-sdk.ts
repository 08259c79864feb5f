/** A stand-in Moddable SDK for the flash/build tests: `tools/VERSION` 8.2.3 and, with its tools, an `mcconfig` that exits 0. */
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sdkBinDir } from "../../scripts/moddable/preflight";

export function makeFakeModdableSdk(root: string, withTools = true): string {
  mkdirSync(join(root, "tools"), { recursive: true });
  writeFileSync(join(root, "tools", "VERSION"), "8.2.3\n");
  if (withTools) {
    mkdirSync(sdkBinDir(root), { recursive: true });
    writeFileSync(join(sdkBinDir(root), "mcconfig"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(sdkBinDir(root), "mcconfig"), 0o755);
  }
  return root;
}
