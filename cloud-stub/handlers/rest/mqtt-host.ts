/** `GET /mqtt_host` (host root, no auth): `mqtt_host`, optional `mqtt_cred_host` [cloud-rest-api 2; spec 8]. */
import type { RestRoute } from "./route";

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
