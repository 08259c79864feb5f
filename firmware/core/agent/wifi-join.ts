import type { ClockPort, TimerHandle } from "../../ports/clock";
import type { LogPort } from "../../ports/log";
import type { WifiCredentials, WifiEvent, WifiPort } from "../../ports/wifi";
import type { Backoff } from "./backoff";

export interface WifiLink {
  /** Resolves at the first `connected` (at once for an adopted station). */
  readonly up: Promise<{ ip: string }>;
  /** Called on each later loss and regain of the station link. */
  onChange(listener: (connected: boolean) => void): void;
  stop(): void;
}

/** A station another module already connected (provisioning), taken over without connecting again. */
export interface AdoptedStation {
  /** The address the station holds. */
  readonly ip: string;
  /** Subscribes to that connection's events; returns the unsubscribe. */
  readonly events: (listener: (event: WifiEvent) => void) => () => void;
  /** Settles when the owner lets go (provisioning stopped); until then a `failed` is the owner's to handle. */
  readonly released: Promise<unknown>;
}

/**
 * Keep the station joined with stored credentials: after `failed` or a drop, try again with backoff.
 * With `adopt`, the station is already up: nothing connects until it fails after its release.
 */
export function joinWifi(wifi: WifiPort, credentials: WifiCredentials, clock: ClockPort, log: LogPort, backoff: Backoff, adopt?: AdoptedStation): WifiLink {
  let stopped = false;
  let owned = !adopt;
  let failedUnowned = false;
  let timer: TimerHandle | undefined;
  let unsubscribe: (() => void) | undefined;
  let resolveUp: (v: { ip: string }) => void = () => undefined;
  const up = new Promise<{ ip: string }>((r) => (resolveUp = r));
  const listeners: Array<(connected: boolean) => void> = [];
  const retry = (why: string): void => {
    const delay = backoff.next();
    log.log("warn", "wifi", `${why}; retrying in ${delay} ms`);
    timer = clock.setTimeout(attempt, delay);
  };
  const onEvent = (event: WifiEvent): void => {
    if (stopped) return;
    failedUnowned = false;
    if (event.type === "connected") {
      backoff.reset();
      log.log("info", "wifi", `connected to ${event.ssid}, ip ${event.ip}`);
      resolveUp({ ip: event.ip });
      for (const l of listeners) l(true);
    } else if (event.type === "failed") {
      const why = `cannot join ${credentials.ssid}: ${event.reason}`;
      if (owned) retry(why);
      else failedUnowned = true;
    }
    // after a drop the station itself retries until it rejoins or reports `failed`
    else if (event.type === "disconnected") for (const l of listeners) l(false);
  };
  function attempt(): void {
    timer = undefined;
    if (stopped) return;
    unsubscribe?.();
    unsubscribe = undefined;
    wifi.connect(credentials, onEvent);
  }
  if (adopt) {
    log.log("info", "wifi", `station already joined ${credentials.ssid} by provisioning, ip ${adopt.ip}`);
    resolveUp({ ip: adopt.ip });
    unsubscribe = adopt.events(onEvent);
    const release = (): void => {
      owned = true;
      if (failedUnowned && !stopped && !timer) retry(`cannot join ${credentials.ssid}`);
    };
    adopt.released.then(release, release);
  } else attempt();
  return {
    up,
    onChange: (l) => void listeners.push(l),
    stop() {
      stopped = true;
      unsubscribe?.();
      clock.clear(timer);
    },
  };
}
