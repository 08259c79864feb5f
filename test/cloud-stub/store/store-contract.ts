/** Contract every CloudStore implementation passes; run by memory-store.test.ts and sqlite-store.test.ts. */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { CloudStore, MappingRequest, UserRecord } from "../../../cloud-stub/store/store";

export interface StoreHarness {
  open(): CloudStore;
}

const user = (id: string, name = `${id}@example.com`): UserRecord => ({
  userId: id,
  userName: name,
  passwordHash: "scrypt$16384$c2FsdA==$aGFzaA==",
  name: `User ${id}`,
  confirmed: true,
  createdAt: 1000,
});

const request = (id: string, over: Partial<MappingRequest> = {}): MappingRequest => ({
  requestId: id,
  userId: "u1",
  nodeId: "N1",
  kind: "secret",
  secretKey: "s3cret",
  challenge: null,
  status: "requested",
  tags: [],
  metadata: {},
  createdAt: 1000,
  expiresAt: 61_000,
  ...over,
});

export function storeContract(name: string, harness: StoreHarness): void {
  describe(`CloudStore contract: ${name}`, () => {
    let store: CloudStore;
    beforeEach(() => {
      store = harness.open();
    });
    afterEach(() => store.close());

    it("creates users, finds them by id and name, rejects duplicates", () => {
      store.createUser(user("u1"));
      assert.equal(store.getUserByName("u1@example.com")?.userId, "u1");
      assert.equal(store.getUserById("u1")?.name, "User u1");
      assert.equal(store.getUserById("nobody"), null);
      assert.throws(() => store.createUser(user("u2", "u1@example.com")));
      assert.throws(() => store.createUser(user("u1", "other@example.com")));
      store.setUserConfirmed("u1", false);
      assert.equal(store.getUserById("u1")?.confirmed, false);
    });

    it("changes a password and deletes a user with sessions and mappings", () => {
      store.createUser(user("u1"));
      store.createUser(user("u2"));
      store.setUserPassword("u1", "scrypt$new");
      assert.equal(store.getUserById("u1")!.passwordHash, "scrypt$new");
      store.ensureNode("N1", 1);
      store.addMapping({ userId: "u1", nodeId: "N1", primary: true, mappedAt: 1 });
      store.addMapping({ userId: "u2", nodeId: "N1", primary: false, mappedAt: 1 });
      store.putSession({ refreshTokenHash: "h1", userId: "u1", createdAt: 1, expiresAt: 2 });
      store.deleteUser("u1");
      assert.equal(store.getUserById("u1"), null);
      assert.equal(store.getSession("h1"), null);
      assert.equal(store.getMapping("u1", "N1"), null);
      assert.ok(store.getMapping("u2", "N1"));
      assert.ok(store.getNode("N1"), "the node stays");
    });

    it("stores sessions by refresh-token hash and deletes one or all of a user", () => {
      store.createUser(user("u1"));
      store.putSession({ refreshTokenHash: "h1", userId: "u1", createdAt: 1, expiresAt: 2 });
      store.putSession({ refreshTokenHash: "h2", userId: "u1", createdAt: 1, expiresAt: 2 });
      assert.deepEqual(store.getSession("h1"), { refreshTokenHash: "h1", userId: "u1", createdAt: 1, expiresAt: 2 });
      store.deleteSession("h1");
      assert.equal(store.getSession("h1"), null);
      assert.ok(store.getSession("h2"));
      store.deleteUserSessions("u1");
      assert.equal(store.getSession("h2"), null);
      assert.throws(() => store.putSession({ refreshTokenHash: "h3", userId: "ghost", createdAt: 1, expiresAt: 2 }));
    });

    it("creates a node once, then keeps config, params and connectivity", () => {
      const fresh = store.ensureNode("N1", 500);
      assert.deepEqual(fresh.params, {});
      assert.deepEqual(fresh.connectivity, { connected: false, timestamp: 500 });
      assert.equal(store.ensureNode("N1", 900).createdAt, 500);
      store.setNodeConfig("N1", { config: { node_id: "N1", info: { fw_version: "1.0" } }, configVersion: "2020-03-20", fwVersion: "1.0", type: "Lightbulb", model: "m" }, 600);
      store.replaceParams("N1", { Light: { Power: false, Brightness: 5 }, Time: { TZ: "" } }, 600);
      const merged = store.mergeParams("N1", { Light: { Power: true }, New: { X: 1 } }, 700);
      assert.deepEqual(merged, { Light: { Power: true, Brightness: 5 }, Time: { TZ: "" }, New: { X: 1 } });
      store.setConnectivity("N1", { connected: true, timestamp: 800 });
      store.setTags("N1", ["a", "b"]);
      store.setMetadata("N1", { room: "hall" });
      store.setCertificate("N1", "-----BEGIN CERTIFICATE-----\n", 900);
      const n = store.getNode("N1")!;
      assert.deepEqual(n.config, { node_id: "N1", info: { fw_version: "1.0" } });
      assert.equal(n.configVersion, "2020-03-20");
      assert.equal(n.fwVersion, "1.0");
      assert.equal(n.type, "Lightbulb");
      assert.deepEqual(n.params, merged);
      assert.deepEqual(n.connectivity, { connected: true, timestamp: 800 });
      assert.deepEqual(n.tags, ["a", "b"]);
      assert.deepEqual(n.metadata, { room: "hall" });
      assert.equal(n.certificatePem, "-----BEGIN CERTIFICATE-----\n");
      assert.throws(() => store.setTags("UNKNOWN", []));
    });

    it("returns copies: mutating a result does not change the store", () => {
      store.ensureNode("N1", 1);
      store.replaceParams("N1", { L: { P: 1 } }, 1);
      const n = store.getNode("N1")!;
      (n.params.L as Record<string, unknown>).P = 2;
      assert.deepEqual(store.getNode("N1")!.params, { L: { P: 1 } });
    });

    it("merging params equals a per-device object spread (property)", () => {
      const doc = fc.dictionary(fc.string({ maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.boolean(), fc.integer(), fc.string())), { maxKeys: 3 });
      fc.assert(
        fc.property(doc, doc, (a, b) => {
          const s = harness.open();
          try {
            s.replaceParams("N", a, 1);
            const merged = s.mergeParams("N", b, 2);
            for (const dev of new Set([...Object.keys(a), ...Object.keys(b)])) {
              assert.deepEqual(merged[dev], { ...(a[dev] ?? {}), ...(b[dev] ?? {}) });
            }
            assert.deepEqual(s.getNode("N")!.params, merged);
          } finally {
            s.close();
          }
        }),
        { numRuns: 40 },
      );
    });

    it("maps nodes to users, pages them in id order, counts and removes", () => {
      store.createUser(user("u1"));
      store.createUser(user("u2"));
      for (const id of ["C", "A", "B"]) {
        store.ensureNode(id, 1);
        store.addMapping({ userId: "u1", nodeId: id, primary: true, mappedAt: 10 });
      }
      store.addMapping({ userId: "u2", nodeId: "A", primary: false, mappedAt: 11 });
      assert.deepEqual(store.listUserNodeIds("u1", null, 2), ["A", "B"]);
      assert.deepEqual(store.listUserNodeIds("u1", "C", 2), ["C"]);
      assert.equal(store.countUserNodes("u1"), 3);
      assert.deepEqual(store.getMapping("u2", "A"), { userId: "u2", nodeId: "A", primary: false, mappedAt: 11 });
      assert.throws(() => store.addMapping({ userId: "u1", nodeId: "MISSING", primary: true, mappedAt: 1 }));
      store.removeMapping("u1", "B");
      assert.deepEqual(store.listUserNodeIds("u1", null, 10), ["A", "C"]);
      assert.equal(store.removeNodeMappings("A"), 2);
      assert.equal(store.getMapping("u2", "A"), null);
    });

    it("keeps mapping requests, lists open secret ones, confirms in one step", () => {
      store.createUser(user("u1"));
      store.createMappingRequest(request("R1", { tags: ["t"], metadata: { m: 1 } }));
      store.createMappingRequest(request("R2", { expiresAt: 1500 }));
      store.createMappingRequest(request("R3", { kind: "challenge", secretKey: null, challenge: "abc", nodeId: null }));
      assert.throws(() => store.createMappingRequest(request("R1")));
      assert.deepEqual(store.listOpenSecretRequests("N1", 2000).map((r) => r.requestId), ["R1"]);
      assert.deepEqual(store.listOpenSecretRequests("N1", 1000).map((r) => r.requestId), ["R1", "R2"]);
      store.confirmMappingRequest("R1", "N1", 5000);
      assert.equal(store.getMappingRequest("R1")!.status, "confirmed");
      assert.deepEqual(store.getMapping("u1", "N1"), { userId: "u1", nodeId: "N1", primary: true, mappedAt: 5 });
      assert.deepEqual(store.getNode("N1")!.tags, ["t"]);
      assert.deepEqual(store.getNode("N1")!.metadata, { m: 1 });
      store.setMappingRequestStatus("R2", "timedout");
      assert.equal(store.getMappingRequest("R2")!.status, "timedout");
      assert.equal(store.getMappingRequest("R3")!.challenge, "abc");
      assert.equal(store.getMappingRequest("nope"), null);
    });

    it("confirming a request of a vanished user changes nothing (transaction)", () => {
      store.createMappingRequest(request("R1", { userId: "ghost" }));
      assert.throws(() => store.confirmMappingRequest("R1", "N9", 1));
      assert.equal(store.getMappingRequest("R1")!.status, "requested");
    });

    it("counts sequences from 1 per name", () => {
      assert.equal(store.nextSequence("a"), 1);
      assert.equal(store.nextSequence("a"), 2);
      assert.equal(store.nextSequence("b"), 1);
    });

    it("stores OTA images and jobs with per-node status", () => {
      store.createOtaImage({ imageId: "I1", name: "fw", version: "2.0", size: 3, sha256: "ab", filePath: "/tmp/x", createdAt: 1 });
      assert.throws(() => store.createOtaJob({ jobId: "J0", imageId: "NOPE", createdBy: "u1", createdAt: 1 }, ["N1"]));
      assert.equal(store.getOtaJob("J0"), null);
      store.createOtaJob({ jobId: "J1", imageId: "I1", createdBy: "u1", createdAt: 2 }, ["N2", "N1", "N1"]);
      store.createOtaJob({ jobId: "J2", imageId: "I1", createdBy: "u1", createdAt: 3 }, ["N1"]);
      assert.throws(() => store.createOtaJob({ jobId: "J2", imageId: "I1", createdBy: "u1", createdAt: 4 }, ["N9"]));
      assert.throws(() => store.createOtaImage({ imageId: "I1", name: "dup", version: "9", size: 1, sha256: "", filePath: "", createdAt: 5 }));
      assert.equal(store.findPendingOtaJob("N9"), null, "a refused job leaves no node rows");
      assert.equal(store.getOtaImage("I1")!.version, "2.0");
      assert.equal(store.listOtaImages().length, 1);
      assert.deepEqual(store.listOtaJobNodes("J1").map((s) => [s.nodeId, s.status]), [["N1", "pending"], ["N2", "pending"]]);
      assert.equal(store.findPendingOtaJob("N1")!.jobId, "J2");
      store.setOtaJobNodeStatus("J2", "N1", "success", "done", 9);
      assert.equal(store.findPendingOtaJob("N1")!.jobId, "J1");
      assert.equal(store.findPendingOtaJob("N3"), null);
      assert.throws(() => store.setOtaJobNodeStatus("J2", "N3", "failed", "", 9));
      assert.deepEqual(store.listOtaJobNodes("J2")[0], { jobId: "J2", nodeId: "N1", status: "success", info: "done", updatedAt: 9 });
    });

    it("keeps only the newest N records per node and kind", () => {
      const e = (i: number, kind: "tsdata" | "alert" = "tsdata") => ({ nodeId: "N1", kind, data: { i }, at: i });
      store.appendNodeRecords([e(1), e(2), e(3)], 2);
      store.appendNodeRecords([e(4), e(5, "alert")], 2);
      assert.deepEqual(store.listNodeRecords("N1", "tsdata").map((r) => r.data), [{ i: 3 }, { i: 4 }]);
      assert.deepEqual(store.listNodeRecords("N1", "alert").map((r) => r.at), [5]);
    });

    it("keeps settings", () => {
      assert.equal(store.getSetting("k"), null);
      store.setSetting("k", "v1");
      store.setSetting("k", "v2");
      assert.equal(store.getSetting("k"), "v2");
    });
  });
}
