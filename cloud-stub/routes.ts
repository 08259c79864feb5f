/**
 * THE table of the local cloud: every REST route and every MQTT rule (by topic suffix) with its handler.
 * Other components add theirs through `createCloudApp({ extraRoutes, extraRules })`.
 */
import type { RestRoute } from "./handlers/rest/route";
import type { MqttRule } from "./handlers/mqtt/rule";
import { ApiVersionsRoute, MqttHostRoute } from "./handlers/rest/meta";

export const RestRoutes: readonly RestRoute[] = Object.freeze([ApiVersionsRoute, MqttHostRoute]);

export const MqttRules: readonly MqttRule[] = Object.freeze([]);
