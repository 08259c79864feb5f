/** `otaurl` metadata: validity (epoch seconds) and download window (minutes of the UTC day) [spec 7]. */
import type { OtaJob } from "../../protocol/rainmaker/ota";
import { OtaInfoText } from "../../protocol/rainmaker/ota";

/** Before 2020-01-01 the wall clock is taken as not synced, and the window is not enforced. */
const SyncedAfterMs = 1_577_836_800_000;
const DayMinutes = 1440;

export type WindowDecision =
  | { kind: "go" }
  | { kind: "delayed"; info: string; retryInMs: number }
  | { kind: "rejected"; info: string };

export function checkJobWindow(job: OtaJob, nowMs: number): WindowDecision {
  const meta = job.metadata;
  if (!meta || nowMs < SyncedAfterMs) return { kind: "go" };
  const nowS = Math.floor(nowMs / 1000);
  if (meta.validity) {
    if (nowS > meta.validity.end) return { kind: "rejected", info: OtaInfoText.WindowLapsed };
    if (nowS < meta.validity.start) return { kind: "delayed", info: OtaInfoText.OutsideWindow, retryInMs: (meta.validity.start - nowS) * 1000 };
  }
  const window = meta.downloadWindow;
  if (window && window.start !== window.end) {
    const minute = Math.floor(nowMs / 60_000) % DayMinutes;
    const inside = window.start < window.end ? minute >= window.start && minute < window.end : minute >= window.start || minute < window.end;
    if (!inside) {
      const wait = (window.start - minute + DayMinutes) % DayMinutes;
      return { kind: "delayed", info: OtaInfoText.OutsideWindow, retryInMs: Math.max(1, wait) * 60_000 };
    }
  }
  return { kind: "go" };
}
