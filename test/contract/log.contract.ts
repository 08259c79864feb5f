import assert from "node:assert/strict";
import type { LogLevel, LogPort } from "../../firmware/ports/log";

/** A log sink under test and the lines it produced (without any device prefix). */
export interface LogHarness {
  log: LogPort;
  lines(): string[];
}

/** LogPort contract: every level is accepted and lands as `level tag: message`, in order. */
export function logContract(name: string, makeHarness: () => LogHarness): void {
  describe(`LogPort contract: ${name}`, () => {
    it("writes each call as one `level tag: message` line in call order", () => {
      const h = makeHarness();
      const levels: LogLevel[] = ["debug", "info", "warn", "error"];
      levels.forEach((level, i) => h.log.log(level, "mqtt", `message ${i}`));
      assert.deepEqual(h.lines(), ["debug mqtt: message 0", "info mqtt: message 1", "warn mqtt: message 2", "error mqtt: message 3"]);
    });

    it("keeps unicode and empty messages", () => {
      const h = makeHarness();
      h.log.log("info", "prov", "ssid “café” ✓");
      h.log.log("info", "prov", "");
      assert.deepEqual(h.lines(), ["info prov: ssid “café” ✓", "info prov: "]);
    });
  });
}
