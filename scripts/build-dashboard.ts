/** `npx tsx scripts/build-dashboard.ts`: writes the production dashboard bundle to `dashboard/dist/` and prints its size. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DashboardRoot, buildDashboard } from "../cloud-stub/live/dashboard-build";

const dist = join(DashboardRoot, "dist");
const files = await buildDashboard();
await mkdir(dist, { recursive: true });
let total = 0;
let gzipped = 0;
for (const [name, bytes] of files) {
  await writeFile(join(dist, name), bytes);
  const gz = gzipSync(bytes).length;
  total += bytes.length;
  gzipped += gz;
  console.log(`${name.padEnd(12)} ${String(bytes.length).padStart(7)} B  (${gz} B gzip)`);
}
console.log(`${"total".padEnd(12)} ${String(total).padStart(7)} B  (${gzipped} B gzip) -> ${dist}`);
