/**
 * The web dashboard on the REST port: `GET /` is its page, `GET /dashboard/<file>` its script and
 * stylesheet (built by esbuild, see `live/dashboard-assets.ts`). The page only uses the public REST API
 * and the live channel.
 */
import { ApiError } from "./route";
import type { RestReply, RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import type { AppDeps } from "../../deps";
import { DashboardFiles } from "../../live/dashboard-build";

const ServedFiles: ReadonlyMap<string, string> = new Map(Object.values(DashboardFiles).map((f) => [f.name, f.type]));

async function serve(deps: AppDeps, name: string): Promise<RestReply> {
  const type = ServedFiles.get(name);
  if (!type) throw new ApiError(404, ErrorCodes.NotFound, `No dashboard file ${name}`);
  let bytes: Uint8Array | null;
  try {
    bytes = await deps.live.assets.get(name);
  } catch (err) {
    deps.log.error("dashboard build failed", { error: String(err) });
    throw new ApiError(500, ErrorCodes.Internal, "Dashboard build failed; run `npx tsx scripts/build-dashboard.ts` to see why");
  }
  if (!bytes) throw new ApiError(404, ErrorCodes.NotFound, `No dashboard file ${name}`);
  return { body: bytes, headers: { "content-type": type, "cache-control": "no-cache", "x-content-type-options": "nosniff" } };
}

export const DashboardPageRoute: RestRoute = {
  method: "GET",
  url: "/",
  auth: "none",
  schema: {},
  handle: (_req, deps) => serve(deps, DashboardFiles.index.name),
};

export const DashboardAssetRoute: RestRoute = {
  method: "GET",
  url: "/dashboard/:file",
  auth: "none",
  schema: { params: { type: "object", required: ["file"], properties: { file: { type: "string", pattern: "^[a-z0-9.-]{1,64}$" } } } },
  handle: (req, deps) => serve(deps, req.params.file!),
};
