import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { LogPort } from "../../ports/log";
import type { WifiCredentials, WifiPort } from "../../ports/wifi";
import type { Backoff } from "./backoff";

export interface WifiLink {
  /** Resolves at the first `connected`. */
  readonly up: Promise<{ ip: string }>;
  /** Called on each later loss and regain of the station link. */
  onChange(listener: (connected: boolean) => void): void;
  stop(): void;
}

/** Keep the station joined with stored credentials: after `failed` or a drop, try again with backoff. */
export function joinWifi(wifi: WifiPort, credentials: WifiCredentials, clock: ClockPort, log: LogPort, backoff: Backoff): WifiLink {
  let stopped = false;
  let timer: TimerHandle | undefined;
  let resolveUp: (v: { ip: string }) => void = () => undefined;
  const up = new Promise<{ ip: string }>((r) => (resolveUp = r));
  const listeners: Array<(connected: boolean) => void> = [];
  const retry = (why: string): void => {
    const delay = backoff.next();
    log.log("warn", "wifi", `${why}; retrying in ${delay} ms`);
    timer = clock.setTimeout(attempt, delay);
  };
  function attempt(): void {
    timer = undefined;
    if (stopped) return;
    wifi.connect(credentials, (event) => {
      if (stopped) return;
      if (event.type === "connected") {
        backoff.reset();
        log.log("info", "wifi", `connected to ${event.ssid}, ip ${event.ip}`);
        resolveUp({ ip: event.ip });
        for (const l of listeners) l(true);
      } else if (event.type === "failed") retry(`cannot join ${credentials.ssid}: ${event.reason}`);
      // after a drop the station itself retries until it rejoins or reports `failed`
      else if (event.type === "disconnected") for (const l of listeners) l(false);
    });
  }
  attempt();
  return {
    up,
    onChange: (l) => void listeners.push(l),
    stop() {
      stopped = true;
      clock.clear(timer);
    },
  };
}
