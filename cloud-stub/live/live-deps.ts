/** The dashboard's share of `AppDeps`: the live event emitter, the built web UI and known QR payloads. */
import type { CloudEvents } from "./events";
import type { DashboardAssets } from "./dashboard-assets";

/** Provisioning QR payload as printed by devices: `{"ver","name","pop","transport"[,"username"]}` [spec 6.7]. */
export type QrPayload = Readonly<Record<string, string>>;

export interface LiveDeps {
  events: CloudEvents;
  assets: DashboardAssets;
  /** QR payloads of simulated devices this process knows (empty when none). */
  qrPayloads(): readonly QrPayload[];
}
