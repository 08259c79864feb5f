/** Unversioned helpers at the host root, no auth [cloud-rest-api 1, 2; spec 8]. */
import type { RestRoute } from "./route";

export const ApiVersionsRoute: RestRoute = {
  method: "GET",
  url: "/apiversions",
  auth: "none",
  schema: { querystring: { type: "object" } },
  handle: () => ({ body: { supported_versions: ["v1"], additional_info: "xs-rainmaker local cloud" } }),
};

export const MqttHostRoute: RestRoute = {
  method: "GET",
  url: "/mqtt_host",
  auth: "none",
  schema: { querystring: { type: "object" } },
  handle: (_req, deps) => ({
    body: deps.config.mqttCredHost
      ? { mqtt_host: deps.config.mqttHost, mqtt_cred_host: deps.config.mqttCredHost }
      : { mqtt_host: deps.config.mqttHost },
  }),
};
