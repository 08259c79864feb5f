import { createManualClock } from "../../host-sim/fakes/clock";
import type { ManualClock } from "../../host-sim/fakes/clock";
import { createFakeIo } from "../../host-sim/fakes/io";
import type { FakeIo } from "../../host-sim/fakes/io";
import { createMemoryKv } from "../../host-sim/fakes/kv";
import type { MemoryKv } from "../../host-sim/fakes/kv";
import { createMemoryLog } from "../../host-sim/fakes/log";
import type { MemoryLog } from "../../host-sim/fakes/log";

/** Virtual board, manual clock, in-memory flash and log for one test. */
export interface Rig {
  io: FakeIo;
  clock: ManualClock;
  kv: MemoryKv;
  log: MemoryLog;
}

export function createRig(kv: MemoryKv = createMemoryKv()): Rig {
  return { io: createFakeIo(), clock: createManualClock(), kv, log: createMemoryLog() };
}

/** Let pending promise callbacks run (async sample, delay resolution). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
