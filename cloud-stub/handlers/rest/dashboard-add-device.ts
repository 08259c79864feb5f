/**
 * `GET /v1/user/dashboard/add-device`: what the dashboard's add-device page needs beyond the public API:
 * the QR payloads of simulated devices this process knows [spec 6.7] and the MQTT host nodes use.
 */
import type { RestRoute } from "./route";
import { callerId } from "./node-access";

export const DashboardAddDeviceRoute: RestRoute = {
  method: "GET",
  url: "/v1/user/dashboard/add-device",
  auth: "user",
  schema: {},
  handle(req, deps) {
    callerId(req.userId);
    return { body: { qr_payloads: deps.live.qrPayloads(), mqtt_host: deps.config.mqttHost } };
  },
};
