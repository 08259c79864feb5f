import type { ClockPort } from "../../ports/clock";
import type { LogPort } from "../../ports/log";
import type { SecurityScheme, SecuritySession } from "../../protocol/protocomm/security/scheme";

/** Brute-force throttling of the PoP: after `freeFailures` failed handshakes, refuse sessions for a growing delay. */
export interface ThrottleOptions {
  readonly clock: ClockPort;
  readonly log: LogPort;
  /** Failed handshakes allowed before the first lock-out (default 3). */
  readonly freeFailures?: number;
  /** First lock-out (default 5 s); doubles with each further failure. */
  readonly baseDelayMs?: number;
  /** Longest lock-out (default 5 min). */
  readonly maxDelayMs?: number;
}

export interface HandshakeThrottle {
  /** The scheme with every session's handshake counted and, while locked, refused. */
  wrap(scheme: SecurityScheme): SecurityScheme;
  /** Failed handshakes since the last successful one. */
  failures(): number;
  /** Milliseconds left in the current lock-out (0 when open). */
  lockedForMs(): number;
}

export function createHandshakeThrottle(options: ThrottleOptions): HandshakeThrottle {
  const { clock, log } = options;
  const free = options.freeFailures ?? 3;
  const base = options.baseDelayMs ?? 5000;
  const max = options.maxDelayMs ?? 300_000;
  let failures = 0;
  let lockedUntil = 0;

  const lockedForMs = (): number => Math.max(0, lockedUntil - clock.monotonic());

  function failed(reason: string): void {
    failures++;
    if (failures < free) {
      log.log("warn", "prov", `handshake failed (${reason}); ${failures} of ${free} attempts before lock-out`);
      return;
    }
    const delay = Math.min(max, base * 2 ** Math.min(failures - free, 30));
    lockedUntil = clock.monotonic() + delay;
    log.log("warn", "prov", `handshake failed (${reason}); ${failures} failures: wrong PoP? refusing sessions for ${Math.ceil(delay / 1000)} s`);
  }

  function wrapSession(inner: SecuritySession): SecuritySession {
    return {
      get established() {
        return inner.established;
      },
      handshake(body) {
        const wait = lockedForMs();
        if (wait > 0) {
          const reason = `session refused: locked for ${Math.ceil(wait / 1000)} s more after ${failures} failed handshakes`;
          log.log("warn", "prov", reason);
          return { close: reason };
        }
        const result = inner.handshake(body);
        if ("close" in result) failed(result.close);
        else if (inner.established && failures > 0) {
          failures = 0;
          lockedUntil = 0;
        }
        return result;
      },
      decrypt: (data) => inner.decrypt(data),
      encrypt: (data) => inner.encrypt(data),
    };
  }

  return {
    wrap: (scheme) => Object.freeze({ version: scheme.version, newSession: () => wrapSession(scheme.newSession()) }),
    failures: () => failures,
    lockedForMs,
  };
}
