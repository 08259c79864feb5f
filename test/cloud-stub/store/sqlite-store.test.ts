import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore, schemaVersion } from "../../../cloud-stub/store/sqlite";
import { Migrations } from "../../../cloud-stub/store/migrations";
import { storeContract } from "./store-contract";

storeContract("sqlite", { open: () => openSqliteStore(":memory:") });

describe("SQLite store on a real file", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "xsr-store-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("uses WAL and the latest schema version", () => {
    const store = openSqliteStore(join(dir, "a", "cloud.db"));
    try {
      assert.equal(store.db.pragma("journal_mode", { simple: true }), "wal");
      assert.equal(schemaVersion(store.db), Migrations.length);
    } finally {
      store.close();
    }
  });

  it("keeps state across close and reopen", () => {
    const file = join(dir, "restart.db");
    const first = openSqliteStore(file);
    first.createUser({ userId: "u1", userName: "a@b.c", passwordHash: "x", name: "A", confirmed: true, createdAt: 1 });
    first.ensureNode("N1", 1);
    first.replaceParams("N1", { Light: { Power: true } }, 2);
    first.addMapping({ userId: "u1", nodeId: "N1", primary: true, mappedAt: 3 });
    first.setSetting("auth.token_secret", "c2VjcmV0");
    first.close();
    const second = openSqliteStore(file);
    try {
      assert.equal(second.getUserByName("a@b.c")?.userId, "u1");
      assert.deepEqual(second.getNode("N1")?.params, { Light: { Power: true } });
      assert.deepEqual(second.listUserNodeIds("u1", null, 10), ["N1"]);
      assert.equal(second.getSetting("auth.token_secret"), "c2VjcmV0");
    } finally {
      second.close();
    }
  });

  it("refuses a database written by a newer schema", () => {
    const file = join(dir, "future.db");
    const db = new Database(file);
    db.pragma(`user_version = ${Migrations.length + 1}`);
    db.close();
    assert.throws(() => openSqliteStore(file), /newer/);
  });
});
