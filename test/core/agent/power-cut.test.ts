import assert from "node:assert/strict";
import fc from "fast-check";
import { startAgent } from "../../../firmware/core/agent/agent";
import { loadCredentials } from "../../../firmware/core/claiming/credentials";
import { bytes, createRig, lightApp, NODE_ID, text } from "./rig";

const AgentOptions = Object.freeze({ backoff: { initialMs: 100, maxMs: 1000 }, systemDelayMs: 100, debounceMs: 20 });

describe("agent power cuts", () => {
  it("at any moment: credentials survive, and every acknowledged (echoed) persisted value survives", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 800 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.stringMatching(/^[A-Za-z0-9 ]{1,16}$/)), { maxLength: 5 }),
        async (cutAt, writes) => {
          const rig = createRig();
          const agent = startAgent(rig.platform, lightApp(), AgentOptions);
          for (const [at, name] of writes) {
            rig.clock.setTimeout(() => void rig.broker.inject(`node/${NODE_ID}/params/remote`, bytes(JSON.stringify({ Switch: { Name: name } }))).catch(() => undefined), at);
          }
          await rig.settle(cutAt);
          // power cut: the old clock never runs again, the flash keeps what was committed
          agent.stop();
          const echoes = rig.broker.published()
            .filter((m) => m.clientId === NODE_ID && m.topic.endsWith("/params/local"))
            .map((m) => JSON.parse(text(m.payload)) as { Switch?: { Name?: string } })
            .filter((d) => d.Switch?.Name !== undefined);
          const next = createRig({ kv: rig.kv, broker: rig.broker });
          const again = startAgent(next.platform, lightApp(), AgentOptions);
          await next.settle(300);
          assert.equal(again.phase(), "online");
          assert.equal(loadCredentials(next.kv)?.nodeId, NODE_ID);
          if (echoes.length > 0) assert.equal(again.runtime.get("Switch", "Name"), echoes[echoes.length - 1]!.Switch!.Name);
          again.stop();
        },
      ),
      { numRuns: 40 },
    );
  });
});
