/** A seeded app with two users: alice owns L1 (online) and L2; bob owns B1. */
import { makeHarness, seedNode, seedUser, login } from "./harness";
import type { Harness } from "./harness";
import type { CloudConfig } from "../../../cloud-stub/deps";
import type { CloudStore } from "../../../cloud-stub/store/store";

export const Alice = Object.freeze({ user_id: "u-alice", user_name: "alice@example.com", password: "alice-pass-1", name: "Alice" });
export const Bob = Object.freeze({ user_id: "u-bob", user_name: "bob@example.com", password: "bob-pass-12", name: "Bob" });

const node = (id: string, connected: boolean) => ({
  config: {
    node_id: id,
    config_version: "2020-03-20",
    info: { name: id, fw_version: "1.0.0", type: "Lightbulb", model: "m", project_name: "m", platform: "esp32" },
    devices: [
      {
        name: "Light",
        type: "esp.device.lightbulb",
        primary: "Power",
        params: [
          { name: "Power", type: "esp.param.power", data_type: "bool", properties: ["read", "write"], ui_type: "esp.ui.toggle" },
          { name: "Brightness", type: "esp.param.brightness", data_type: "int", properties: ["read", "write"], bounds: { min: 0, max: 100, step: 1 } },
        ],
      },
    ],
    services: [],
  },
  params: { Light: { Power: false, Brightness: 10 } },
  status: { connectivity: { connected, timestamp: 1_795_000_000_000 } },
  mapping_timestamp: 1_794_990_000,
});

export interface World extends Harness {
  alice: string;
  bob: string;
}

export async function makeWorld(opts: { store?: CloudStore; config?: Partial<CloudConfig> } = {}): Promise<World> {
  const h = makeHarness(opts);
  await seedUser(h.store, Alice);
  await seedUser(h.store, Bob);
  seedNode(h.store, Alice.user_id, "L1", node("L1", true));
  seedNode(h.store, Alice.user_id, "L2", node("L2", false));
  seedNode(h.store, Bob.user_id, "B1", node("B1", true));
  const alice = (await login(h.app, Alice.user_name, Alice.password)).accesstoken;
  const bob = (await login(h.app, Bob.user_name, Bob.password)).accesstoken;
  return { ...h, alice, bob };
}

/** Asserts the contract's failure shape and returns the body. */
export function failure(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number): { error_code: number; description: string } {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (!String(res.headers["content-type"]).includes("application/json")) throw new Error(`not JSON: ${String(res.headers["content-type"])}`);
  const body = JSON.parse(res.body) as { status: string; error_code: number; description: string };
  if (body.status !== "failure" || typeof body.error_code !== "number" || typeof body.description !== "string") {
    throw new Error(`not a failure body: ${res.body}`);
  }
  return body;
}
