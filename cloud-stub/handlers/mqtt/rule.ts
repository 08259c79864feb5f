/** Shape of one MQTT rule in the routes table: handles device publishes on one topic suffix. */
import type { AppDeps } from "../../deps";

export interface RuleMessage {
  /** Node id of the authenticated client. */
  nodeId: string;
  /** Topic suffix after `node/<id>/` (e.g. `params/local`, `params/local/<group>`). */
  suffix: string;
  payload: Uint8Array;
}

export interface MqttRule {
  /** Exact suffix, or a prefix ending in `/` that matches any deeper suffix (`params/local/`). */
  suffix: string;
  handle(msg: RuleMessage, deps: AppDeps): Promise<void> | void;
}
