/** `GET /apiversions` (host root, no auth): the CLI checks `v1` before refreshing [cloud-rest-api 1; spec 8]. */
import type { RestRoute } from "./route";

export const ApiVersionsRoute: RestRoute = {
  method: "GET",
  url: "/apiversions",
  auth: "none",
  schema: { querystring: { type: "object" } },
  handle: () => ({ body: { supported_versions: ["v1"], additional_info: "xs-rainmaker local cloud" } }),
};
