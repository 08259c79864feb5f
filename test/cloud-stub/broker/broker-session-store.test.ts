import assert from "node:assert/strict";
import fc from "fast-check";
import { BoundedSessionStore } from "../../../cloud-stub/broker-session-store";
import { RecordingLog } from "./fixtures";

const Ids = ["n1", "n2", "n3"] as const;
type Id = (typeof Ids)[number];

type Step = { op: "connect" | "disconnect" | "lateDisconnect" | "ack" | "drop"; id: Id } | { op: "publish"; to: Id[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constantFrom("connect" as const, "disconnect" as const, "lateDisconnect" as const, "ack" as const, "drop" as const), id: fc.constantFrom(...Ids) }),
  fc.record({ op: fc.constant("publish" as const), to: fc.uniqueArray(fc.constantFrom(...Ids), { minLength: 1 }) }),
);

async function queued(store: BoundedSessionStore, id: string): Promise<string[]> {
  const out: string[] = [];
  for await (const packet of store.outgoingStream({ id })) out.push(String((packet as { payload: Buffer }).payload));
  return out;
}

describe("cloud-stub broker session store: bounded offline queue (model-based, fast-check)", () => {
  it("holds at most maxQueued messages for an offline client, keeps the oldest in order, and reports every refusal", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(step, { maxLength: 60 }), async (maxQueued, steps) => {
        const log = new RecordingLog();
        const store = new BoundedSessionStore({ maxQueued, log });
        await store.setup({ id: "broker" });
        const clients = new Map<Id, { id: Id }>();
        const model = new Map<Id, string[]>(Ids.map((id) => [id, []]));
        const warnedThisPeriod = new Set<Id>();
        let expectedWarnings = 0;
        let n = 0;
        for (const s of steps) {
          if (s.op === "publish") {
            const payload = Buffer.from(`m${n++}`);
            await store.outgoingEnqueueCombi(s.to.map((clientId) => ({ clientId })), { payload, messageId: undefined });
            const refused: Id[] = [];
            for (const id of s.to) {
              const queue = model.get(id)!;
              if (clients.has(id) || queue.length < maxQueued) queue.push(String(payload));
              else {
                refused.push(id);
                if (!warnedThisPeriod.has(id)) {
                  warnedThisPeriod.add(id);
                  expectedWarnings++;
                }
              }
            }
            assert.deepEqual(store.notQueuedFor(payload), refused);
          } else if (s.op === "connect") {
            const client = { id: s.id };
            clients.set(s.id, client);
            store.connected(client);
            warnedThisPeriod.delete(s.id);
          } else if (s.op === "disconnect") {
            const client = clients.get(s.id);
            if (client) store.disconnected(client);
            clients.delete(s.id);
          } else if (s.op === "lateDisconnect") {
            // a takeover: the old connection's end is seen after the new one registered
            const old = { id: s.id };
            store.connected(old);
            const newer = { id: s.id };
            store.connected(newer);
            clients.set(s.id, newer);
            warnedThisPeriod.delete(s.id);
            store.disconnected(old);
          } else if (s.op === "ack") {
            const [head] = await store.outgoingStream({ id: s.id }).toArray();
            if (head) await store.outgoingClearMessageId({ id: s.id }, head);
            model.get(s.id)!.shift();
          } else if (s.op === "drop") {
            await store.dropSession(s.id);
            model.set(s.id, []);
            warnedThisPeriod.delete(s.id);
          }
          for (const id of Ids) {
            const actual = await queued(store, id);
            assert.deepEqual(actual, model.get(id));
            assert.equal(store.queuedFor(id), actual.length);
            assert.equal(store.isOnline(id), clients.has(id));
          }
        }
        assert.equal(log.lines.filter((l) => l.startsWith("warn")).length, expectedWarnings);
      }),
      { numRuns: 150 },
    );
  });

  it("refuses a bound that is not a positive integer", () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => new BoundedSessionStore({ maxQueued: bad, log: new RecordingLog() }), RangeError);
    }
  });
});
