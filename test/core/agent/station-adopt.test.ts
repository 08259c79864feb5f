import assert from "node:assert/strict";
import fc from "fast-check";
import type { WifiEvent, WifiPort } from "../../../firmware/ports/wifi";
import { createBackoff, createStationTap, joinWifi } from "../../../firmware/core/agent/index";
import { createManualClock } from "../../../host-sim/fakes/clock";
import { createMemoryLog } from "../../../host-sim/fakes/log";

const HOME = Object.freeze({ ssid: "home", passphrase: "correct-horse" });
const connected: WifiEvent = { type: "connected", ip: "192.168.1.7", ssid: HOME.ssid, bssid: new Uint8Array(6), channel: 6, auth: 3 };

/** A radio driven by hand: every `connect` callback stays callable, to check who listens to what. */
function scriptedRadio() {
  const callbacks: Array<(event: WifiEvent) => void> = [];
  const radio: WifiPort & { callbacks: typeof callbacks; disconnects: number } = {
    callbacks,
    disconnects: 0,
    scan: async () => [],
    connect: (_credentials, onEvent) => void callbacks.push(onEvent),
    disconnect: () => void radio.disconnects++,
    startAccessPoint: () => undefined,
    stopAccessPoint: () => undefined,
  };
  return radio;
}

const anyEvent: fc.Arbitrary<WifiEvent> = fc.oneof(
  fc.constant<WifiEvent>({ type: "connecting" }),
  fc.constant(connected),
  fc.constant<WifiEvent>({ type: "disconnected" }),
  fc.record({ type: fc.constant("failed" as const), reason: fc.constantFrom("auth-error" as const, "network-not-found" as const) }),
  fc.record({
    type: fc.constant("attempt-failed" as const),
    reason: fc.constantFrom("auth-error" as const, "network-not-found" as const),
    attemptsRemaining: fc.integer({ min: 0, max: 4 }),
  }),
);

function adoptedLink() {
  const clock = createManualClock();
  const log = createMemoryLog();
  const radio = scriptedRadio();
  const tap = createStationTap(radio);
  const owner: WifiEvent[] = [];
  tap.wifi.connect(HOME, (event) => owner.push(event), 5);
  radio.callbacks[0]!(connected);
  const link = tap.connected();
  assert.deepEqual(link, { ip: "192.168.1.7", ssid: HOME.ssid });
  let release: () => void = () => undefined;
  const released = new Promise<void>((r) => (release = r));
  const changes: boolean[] = [];
  const wifi = joinWifi(radio, HOME, clock, log, createBackoff({ initialMs: 500, maxMs: 1000, random: () => 0.5 }), {
    ip: link!.ip,
    events: (l) => tap.onEvent(l),
    released,
  });
  wifi.onChange((up) => changes.push(up));
  return { clock, log, radio, tap, owner, wifi, changes, release };
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe("agent adopting the station provisioning joined", () => {
  it("is up at once with the address provisioning got, without connecting", async () => {
    const { radio, wifi } = adoptedLink();
    assert.deepEqual(await wifi.up, { ip: "192.168.1.7" });
    assert.equal(radio.callbacks.length, 1);
    assert.equal(radio.disconnects, 0);
  });

  it("property: before release it never connects or disconnects; after release it rejoins only a failed station", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyEvent, { maxLength: 12 }), async (events) => {
        const { clock, radio, owner, wifi, changes, release } = adoptedLink();
        for (const e of events) radio.callbacks[0]!(e);
        clock.advance(60_000);
        assert.equal(radio.callbacks.length, 1, "no join of its own while provisioning owns the station");
        assert.equal(owner.length, events.length + 1, "the owner still sees every event");
        assert.equal(changes.length, events.filter((e) => e.type === "connected" || e.type === "disconnected").length);
        release();
        await flush();
        clock.advance(1000);
        const lastFailed = events.length > 0 && events[events.length - 1]!.type === "failed";
        assert.equal(radio.callbacks.length, lastFailed ? 2 : 1);
        radio.callbacks[radio.callbacks.length - 1]!({ type: "failed", reason: "network-not-found" });
        clock.advance(1000);
        assert.equal(radio.callbacks.length, lastFailed ? 3 : 2, "once released, a failure is retried with backoff");
        assert.equal(radio.disconnects, 0);
        wifi.stop();
      }),
      { numRuns: 60 },
    );
  });

  it("sees the owner dropping the station, and not the events of a connection the owner replaced", () => {
    const { radio, tap, changes, wifi } = adoptedLink();
    tap.wifi.disconnect();
    assert.equal(radio.disconnects, 1);
    assert.deepEqual(changes, [false]);
    assert.equal(tap.connected(), undefined);
    tap.wifi.connect(HOME, () => undefined, 5);
    radio.callbacks[0]!(connected);
    assert.equal(tap.connected(), undefined, "a stale callback does not count");
    radio.callbacks[1]!(connected);
    assert.deepEqual(changes, [false, true]);
    wifi.stop();
    radio.callbacks[1]!({ type: "disconnected" });
    assert.deepEqual(changes, [false, true], "stopped: no more changes");
  });
});
