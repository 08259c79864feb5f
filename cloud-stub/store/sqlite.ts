/**
 * SQLite `CloudStore` (better-sqlite3): WAL journal, foreign keys on, schema from `migrations.ts`
 * applied in order under `PRAGMA user_version`, every multi-row change in one transaction.
 */
import Database from "better-sqlite3";
import type { Database as Db, Statement } from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type {
  CloudStore,
  Connectivity,
  MappingRequest,
  MappingRequestStatus,
  NodeConfigUpdate,
  NodeRecord,
  NodeRecordEntry,
  OtaImage,
  OtaJob,
  OtaJobNodeStatus,
  SessionRecord,
  UserNodeMapping,
  UserRecord,
} from "./store";
import type { ParamsDocument } from "../../firmware/protocol/rainmaker/description";
import { Migrations } from "./migrations";
import { OpenOtaStatuses } from "./store";
import { mergeParamsDocument } from "./merge-params";
import { emptyNode } from "./empty-node";

type Row = Record<string, unknown>;

const json = (v: unknown): string => JSON.stringify(v);
const parse = <T>(v: unknown): T => JSON.parse(String(v)) as T;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Opens (creating if needed) the database file and migrates it. Use ":memory:" for a throwaway db. */
export function openSqliteStore(file: string): SqliteStore {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // With WAL, NORMAL syncs at checkpoints instead of every commit: a crash of the stub loses nothing,
  // a power loss of the host may lose the last commits but never corrupts the file (SQLite docs, "WAL").
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return new SqliteStore(db);
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current > Migrations.length) throw new Error(`database schema ${current} is newer than this program (${Migrations.length})`);
  for (let v = current; v < Migrations.length; v++) {
    db.transaction(() => {
      db.exec(Migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function toUser(r: Row): UserRecord {
  return {
    userId: String(r.user_id),
    userName: String(r.user_name),
    passwordHash: String(r.password_hash),
    name: String(r.name),
    confirmed: r.confirmed === 1,
    createdAt: Number(r.created_at),
  };
}

function toNode(r: Row): NodeRecord {
  return {
    nodeId: String(r.node_id),
    config: r.config_json === null ? null : parse(r.config_json),
    configVersion: str(r.config_version),
    params: parse(r.params_json),
    connectivity: { connected: r.connected === 1, timestamp: Number(r.connectivity_at) },
    fwVersion: str(r.fw_version),
    type: str(r.type),
    model: str(r.model),
    tags: parse(r.tags_json),
    metadata: parse(r.metadata_json),
    certificatePem: str(r.certificate_pem),
    createdAt: Number(r.created_at),
  };
}

function toRequest(r: Row): MappingRequest {
  return {
    requestId: String(r.request_id),
    userId: String(r.user_id),
    nodeId: str(r.node_id),
    kind: r.kind === "challenge" ? "challenge" : "secret",
    secretKey: str(r.secret_key),
    challenge: str(r.challenge),
    status: String(r.status) as MappingRequestStatus,
    tags: parse(r.tags_json),
    metadata: parse(r.metadata_json),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  };
}

function toImage(r: Row): OtaImage {
  return {
    imageId: String(r.image_id),
    name: String(r.name),
    version: String(r.version),
    size: Number(r.size),
    sha256: String(r.sha256),
    filePath: String(r.file_path),
    createdAt: Number(r.created_at),
  };
}

const toJob = (r: Row): OtaJob => ({
  jobId: String(r.job_id),
  imageId: String(r.image_id),
  createdBy: String(r.created_by),
  createdAt: Number(r.created_at),
});

export class SqliteStore implements CloudStore {
  /** Each SQL text compiled once: preparing costs more than running a keyed lookup. */
  readonly #statements = new Map<string, Statement>();

  constructor(readonly db: Db) {}

  private statement(sql: string): Statement {
    let prepared = this.#statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.#statements.set(sql, prepared);
    }
    return prepared;
  }
  private one(sql: string, ...args: unknown[]): Row | undefined {
    return this.statement(sql).get(...args) as Row | undefined;
  }
  private all(sql: string, ...args: unknown[]): Row[] {
    return this.statement(sql).all(...args) as Row[];
  }
  private run(sql: string, ...args: unknown[]): number {
    return this.statement(sql).run(...args).changes;
  }

  createUser(u: UserRecord): void {
    this.run(
      "INSERT INTO users (user_id, user_name, password_hash, name, confirmed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      u.userId, u.userName, u.passwordHash, u.name, u.confirmed ? 1 : 0, u.createdAt,
    );
  }
  getUserById(userId: string): UserRecord | null {
    const r = this.one("SELECT * FROM users WHERE user_id = ?", userId);
    return r ? toUser(r) : null;
  }
  getUserByName(userName: string): UserRecord | null {
    const r = this.one("SELECT * FROM users WHERE user_name = ?", userName);
    return r ? toUser(r) : null;
  }
  setUserConfirmed(userId: string, confirmed: boolean): void {
    this.run("UPDATE users SET confirmed = ? WHERE user_id = ?", confirmed ? 1 : 0, userId);
  }

  setUserPassword(userId: string, passwordHash: string): void {
    this.run("UPDATE users SET password_hash = ? WHERE user_id = ?", passwordHash, userId);
  }
  deleteUser(userId: string): void {
    this.db.transaction(() => {
      this.run("DELETE FROM sessions WHERE user_id = ?", userId);
      this.run("DELETE FROM user_nodes WHERE user_id = ?", userId);
      this.run("DELETE FROM users WHERE user_id = ?", userId);
    })();
  }

  putSession(s: SessionRecord): void {
    this.run(
      "INSERT OR REPLACE INTO sessions (refresh_token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      s.refreshTokenHash, s.userId, s.createdAt, s.expiresAt,
    );
  }
  getSession(hash: string): SessionRecord | null {
    const r = this.one("SELECT * FROM sessions WHERE refresh_token_hash = ?", hash);
    return r
      ? { refreshTokenHash: String(r.refresh_token_hash), userId: String(r.user_id), createdAt: Number(r.created_at), expiresAt: Number(r.expires_at) }
      : null;
  }
  deleteSession(hash: string): void {
    this.run("DELETE FROM sessions WHERE refresh_token_hash = ?", hash);
  }
  deleteUserSessions(userId: string): void {
    this.run("DELETE FROM sessions WHERE user_id = ?", userId);
  }

  getNode(nodeId: string): NodeRecord | null {
    const r = this.one("SELECT * FROM nodes WHERE node_id = ?", nodeId);
    return r ? toNode(r) : null;
  }
  ensureNode(nodeId: string, now: number): NodeRecord {
    const e = emptyNode(nodeId, now);
    this.run(
      `INSERT OR IGNORE INTO nodes (node_id, config_json, config_version, params_json, connected, connectivity_at,
        fw_version, type, model, tags_json, metadata_json, certificate_pem, created_at)
       VALUES (?, NULL, NULL, ?, 0, ?, NULL, NULL, NULL, ?, ?, NULL, ?)`,
      nodeId, json(e.params), now, json(e.tags), json(e.metadata), now,
    );
    return this.getNode(nodeId)!;
  }
  private requireNode(nodeId: string): void {
    if (!this.one("SELECT 1 FROM nodes WHERE node_id = ?", nodeId)) throw new Error(`unknown node ${nodeId}`);
  }
  setNodeConfig(nodeId: string, u: NodeConfigUpdate, now: number): void {
    this.db.transaction(() => {
      this.ensureNode(nodeId, now);
      this.run(
        "UPDATE nodes SET config_json = ?, config_version = ?, fw_version = ?, type = ?, model = ? WHERE node_id = ?",
        json(u.config), u.configVersion, u.fwVersion, u.type, u.model, nodeId,
      );
    })();
  }
  replaceParams(nodeId: string, params: ParamsDocument, now: number): void {
    this.db.transaction(() => {
      this.ensureNode(nodeId, now);
      this.run("UPDATE nodes SET params_json = ? WHERE node_id = ?", json(params), nodeId);
    })();
  }
  mergeParams(nodeId: string, delta: ParamsDocument, now: number): ParamsDocument {
    return this.db.transaction(() => {
      // only the shadow column: a report does not need the node's config and tags parsed
      const row = this.one("SELECT params_json FROM nodes WHERE node_id = ?", nodeId);
      const current = row ? parse<ParamsDocument>(row.params_json) : this.ensureNode(nodeId, now).params;
      const merged = mergeParamsDocument(current, delta);
      this.run("UPDATE nodes SET params_json = ? WHERE node_id = ?", json(merged), nodeId);
      return merged;
    })();
  }
  setConnectivity(nodeId: string, c: Connectivity): void {
    this.requireNode(nodeId);
    this.run("UPDATE nodes SET connected = ?, connectivity_at = ? WHERE node_id = ?", c.connected ? 1 : 0, c.timestamp, nodeId);
  }
  setTags(nodeId: string, tags: string[]): void {
    this.requireNode(nodeId);
    this.run("UPDATE nodes SET tags_json = ? WHERE node_id = ?", json(tags), nodeId);
  }
  setMetadata(nodeId: string, metadata: Record<string, unknown>): void {
    this.requireNode(nodeId);
    this.run("UPDATE nodes SET metadata_json = ? WHERE node_id = ?", json(metadata), nodeId);
  }
  setCertificate(nodeId: string, pem: string, now: number): void {
    this.db.transaction(() => {
      this.ensureNode(nodeId, now);
      this.run("UPDATE nodes SET certificate_pem = ? WHERE node_id = ?", pem, nodeId);
    })();
  }

  getMapping(userId: string, nodeId: string): UserNodeMapping | null {
    const r = this.one("SELECT * FROM user_nodes WHERE user_id = ? AND node_id = ?", userId, nodeId);
    return r ? { userId, nodeId, primary: r.is_primary === 1, mappedAt: Number(r.mapped_at_s) } : null;
  }
  listUserNodeIds(userId: string, startId: string | null, limit: number): string[] {
    const rows =
      startId === null
        ? this.all("SELECT node_id FROM user_nodes WHERE user_id = ? ORDER BY node_id LIMIT ?", userId, limit)
        : this.all("SELECT node_id FROM user_nodes WHERE user_id = ? AND node_id >= ? ORDER BY node_id LIMIT ?", userId, startId, limit);
    return rows.map((r) => String(r.node_id));
  }
  countUserNodes(userId: string): number {
    return Number(this.one("SELECT COUNT(*) AS n FROM user_nodes WHERE user_id = ?", userId)!.n);
  }
  addMapping(m: UserNodeMapping): void {
    this.requireNode(m.nodeId);
    this.run(
      "INSERT OR REPLACE INTO user_nodes (user_id, node_id, is_primary, mapped_at_s) VALUES (?, ?, ?, ?)",
      m.userId, m.nodeId, m.primary ? 1 : 0, m.mappedAt,
    );
  }
  removeMapping(userId: string, nodeId: string): void {
    this.run("DELETE FROM user_nodes WHERE user_id = ? AND node_id = ?", userId, nodeId);
  }
  removeNodeMappings(nodeId: string): number {
    return this.run("DELETE FROM user_nodes WHERE node_id = ?", nodeId);
  }

  createMappingRequest(q: MappingRequest): void {
    this.run(
      `INSERT INTO mapping_requests (request_id, user_id, node_id, kind, secret_key, challenge, status, tags_json,
        metadata_json, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      q.requestId, q.userId, q.nodeId, q.kind, q.secretKey, q.challenge, q.status, json(q.tags), json(q.metadata), q.createdAt, q.expiresAt,
    );
  }
  getMappingRequest(requestId: string): MappingRequest | null {
    const r = this.one("SELECT * FROM mapping_requests WHERE request_id = ?", requestId);
    return r ? toRequest(r) : null;
  }
  listOpenSecretRequests(nodeId: string, now: number): MappingRequest[] {
    return this.all(
      `SELECT * FROM mapping_requests WHERE kind = 'secret' AND node_id = ? AND status = 'requested' AND expires_at > ?
       ORDER BY created_at, request_id`,
      nodeId, now,
    ).map(toRequest);
  }
  setMappingRequestStatus(requestId: string, status: MappingRequestStatus): void {
    this.run("UPDATE mapping_requests SET status = ? WHERE request_id = ?", status, requestId);
  }
  confirmMappingRequest(requestId: string, nodeId: string, now: number): void {
    this.db.transaction(() => {
      const q = this.getMappingRequest(requestId);
      if (!q) throw new Error(`unknown request ${requestId}`);
      const node = this.ensureNode(nodeId, now);
      this.run("UPDATE mapping_requests SET status = 'confirmed', node_id = ? WHERE request_id = ?", nodeId, requestId);
      if (q.tags.length > 0) this.setTags(nodeId, [...new Set([...node.tags, ...q.tags])]);
      if (Object.keys(q.metadata).length > 0) this.setMetadata(nodeId, { ...node.metadata, ...q.metadata });
      this.addMapping({ userId: q.userId, nodeId, primary: true, mappedAt: Math.floor(now / 1000) });
    })();
  }
  nextSequence(name: string): number {
    return this.db.transaction(() => {
      this.run("INSERT INTO sequences (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1", name);
      return Number(this.one("SELECT value FROM sequences WHERE name = ?", name)!.value);
    })();
  }

  createOtaImage(i: OtaImage): void {
    this.run(
      "INSERT INTO ota_images (image_id, name, version, size, sha256, file_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      i.imageId, i.name, i.version, i.size, i.sha256, i.filePath, i.createdAt,
    );
  }
  getOtaImage(imageId: string): OtaImage | null {
    const r = this.one("SELECT * FROM ota_images WHERE image_id = ?", imageId);
    return r ? toImage(r) : null;
  }
  listOtaImages(): OtaImage[] {
    return this.all("SELECT * FROM ota_images ORDER BY created_at, image_id").map(toImage);
  }
  createOtaJob(job: OtaJob, nodeIds: string[]): void {
    this.db.transaction(() => {
      this.run(
        "INSERT INTO ota_jobs (job_id, image_id, created_by, created_at) VALUES (?, ?, ?, ?)",
        job.jobId, job.imageId, job.createdBy, job.createdAt,
      );
      for (const nodeId of new Set(nodeIds)) {
        this.run(
          "INSERT INTO ota_job_nodes (job_id, node_id, status, info, updated_at) VALUES (?, ?, 'pending', '', ?)",
          job.jobId, nodeId, job.createdAt,
        );
      }
    })();
  }
  getOtaJob(jobId: string): OtaJob | null {
    const r = this.one("SELECT * FROM ota_jobs WHERE job_id = ?", jobId);
    return r ? toJob(r) : null;
  }
  listOtaJobNodes(jobId: string): OtaJobNodeStatus[] {
    return this.all("SELECT * FROM ota_job_nodes WHERE job_id = ? ORDER BY node_id", jobId).map((r) => ({
      jobId: String(r.job_id),
      nodeId: String(r.node_id),
      status: String(r.status),
      info: String(r.info),
      updatedAt: Number(r.updated_at),
    }));
  }
  findPendingOtaJob(nodeId: string): OtaJob | null {
    const r = this.one(
      `SELECT j.* FROM ota_jobs j JOIN ota_job_nodes n ON n.job_id = j.job_id
       WHERE n.node_id = ? AND n.status IN (${OpenOtaStatuses.map(() => "?").join(", ")}) ORDER BY j.created_at DESC, j.job_id DESC LIMIT 1`,
      nodeId,
      ...OpenOtaStatuses,
    );
    return r ? toJob(r) : null;
  }
  setOtaJobNodeStatus(jobId: string, nodeId: string, status: string, info: string, now: number): void {
    const changed = this.run(
      "UPDATE ota_job_nodes SET status = ?, info = ?, updated_at = ? WHERE job_id = ? AND node_id = ?",
      status, info, now, jobId, nodeId,
    );
    if (changed === 0) throw new Error(`node ${nodeId} not in job ${jobId}`);
  }

  appendNodeRecords(entries: NodeRecordEntry[], keep: number): void {
    this.db.transaction(() => {
      for (const e of entries) {
        this.run("INSERT INTO node_records (node_id, kind, data_json, at) VALUES (?, ?, ?, ?)", e.nodeId, e.kind, json(e.data), e.at);
      }
      for (const key of new Set(entries.map((e) => json([e.nodeId, e.kind])))) {
        const [nodeId, kind] = parse<[string, string]>(key);
        this.run(
          `DELETE FROM node_records WHERE node_id = ? AND kind = ? AND seq NOT IN
           (SELECT seq FROM node_records WHERE node_id = ? AND kind = ? ORDER BY seq DESC LIMIT ?)`,
          nodeId, kind, nodeId, kind, keep,
        );
      }
    })();
  }
  listNodeRecords(nodeId: string, kind: NodeRecordEntry["kind"]): NodeRecordEntry[] {
    return this.all("SELECT * FROM node_records WHERE node_id = ? AND kind = ? ORDER BY seq", nodeId, kind).map((r) => ({
      nodeId: String(r.node_id),
      kind,
      data: parse(r.data_json),
      at: Number(r.at),
    }));
  }

  getSetting(key: string): string | null {
    const r = this.one("SELECT value FROM settings WHERE key = ?", key);
    return r ? String(r.value) : null;
  }
  setSetting(key: string, value: string): void {
    this.run("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
  }
  close(): void {
    if (this.db.open) this.db.close();
  }
}
