import type Database from "better-sqlite3";
import type {
  CertificateKind,
  CertificateRecord,
  ClaimMode,
  ClaimSession,
  ClaimStore,
  FactoryDevice,
  NodeBinding,
} from "./claims";

/** Tables of the claim service; `IF NOT EXISTS` so opening an existing data dir is a no-op. */
const Migration = `
CREATE TABLE IF NOT EXISTS claim_factory_devices (
  mac TEXT PRIMARY KEY, secret_hex TEXT NOT NULL, pop TEXT NOT NULL, batch TEXT NOT NULL, imported_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claim_node_bindings (
  mac TEXT PRIMARY KEY, node_id TEXT NOT NULL UNIQUE, user_id TEXT,
  first_claimed_at INTEGER NOT NULL, last_claimed_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS claim_sessions (
  auth_id TEXT PRIMARY KEY, mode TEXT NOT NULL, mac TEXT NOT NULL, node_id TEXT NOT NULL, challenge TEXT,
  user_id TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS claim_sessions_user ON claim_sessions (user_id, created_at);
CREATE TABLE IF NOT EXISTS pki_certificates (
  serial TEXT PRIMARY KEY, common_name TEXT NOT NULL, kind TEXT NOT NULL, pem TEXT NOT NULL,
  not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, issued_at INTEGER NOT NULL,
  revoked_at INTEGER, revoke_reason TEXT);
CREATE INDEX IF NOT EXISTS pki_certificates_cn ON pki_certificates (common_name, issued_at);
`;

interface FactoryRow { mac: string; secret_hex: string; pop: string; batch: string; imported_at: number }
interface BindingRow { mac: string; node_id: string; user_id: string | null; first_claimed_at: number; last_claimed_at: number }
interface SessionRow {
  auth_id: string; mode: string; mac: string; node_id: string; challenge: string | null;
  user_id: string | null; created_at: number; expires_at: number;
}
interface CertRow {
  serial: string; common_name: string; kind: string; pem: string; not_before: number; not_after: number;
  issued_at: number; revoked_at: number | null; revoke_reason: string | null;
}

const toFactory = (r: FactoryRow): FactoryDevice =>
  ({ mac: r.mac, secretHex: r.secret_hex, pop: r.pop, batch: r.batch, importedAt: r.imported_at });
const toBinding = (r: BindingRow): NodeBinding =>
  ({ mac: r.mac, nodeId: r.node_id, userId: r.user_id, firstClaimedAt: r.first_claimed_at, lastClaimedAt: r.last_claimed_at });
const toSession = (r: SessionRow): ClaimSession => ({
  authId: r.auth_id, mode: r.mode as ClaimMode, mac: r.mac, nodeId: r.node_id, challenge: r.challenge,
  userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at,
});
const toCert = (r: CertRow): CertificateRecord => ({
  serial: r.serial, commonName: r.common_name, kind: r.kind as CertificateKind, pem: r.pem, notBefore: r.not_before,
  notAfter: r.not_after, issuedAt: r.issued_at, revokedAt: r.revoked_at, revokeReason: r.revoke_reason,
});

/** `ClaimStore` over the main store's better-sqlite3 database (same file, own tables). */
export function openClaimStore(db: Database.Database): ClaimStore {
  db.exec(Migration);
  const q = {
    putFactory: db.prepare(
      "INSERT OR REPLACE INTO claim_factory_devices (mac, secret_hex, pop, batch, imported_at) VALUES (?, ?, ?, ?, ?)"),
    getFactory: db.prepare<[string], FactoryRow>("SELECT * FROM claim_factory_devices WHERE mac = ?"),
    countFactory: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM claim_factory_devices"),
    bindingByMac: db.prepare<[string], BindingRow>("SELECT * FROM claim_node_bindings WHERE mac = ?"),
    bindingByNode: db.prepare<[string], BindingRow>("SELECT * FROM claim_node_bindings WHERE node_id = ?"),
    insertBinding: db.prepare(
      "INSERT INTO claim_node_bindings (mac, node_id, user_id, first_claimed_at, last_claimed_at) VALUES (?, ?, ?, ?, ?)"),
    touchBinding: db.prepare(
      "UPDATE claim_node_bindings SET last_claimed_at = ?, user_id = COALESCE(?, user_id) WHERE mac = ?"),
    putSession: db.prepare(
      `INSERT INTO claim_sessions (auth_id, mode, mac, node_id, challenge, user_id, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    getSession: db.prepare<[string], SessionRow>("SELECT * FROM claim_sessions WHERE auth_id = ?"),
    latestUserSession: db.prepare<[string, number], SessionRow>(
      `SELECT * FROM claim_sessions WHERE user_id = ? AND mode = 'assisted' AND expires_at > ?
       ORDER BY created_at DESC, rowid DESC LIMIT 1`),
    deleteSession: db.prepare("DELETE FROM claim_sessions WHERE auth_id = ?"),
    deleteExpired: db.prepare("DELETE FROM claim_sessions WHERE expires_at <= ?"),
    putCert: db.prepare(
      `INSERT INTO pki_certificates (serial, common_name, kind, pem, not_before, not_after, issued_at, revoked_at, revoke_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    getCert: db.prepare<[string], CertRow>("SELECT * FROM pki_certificates WHERE serial = ?"),
    listCerts: db.prepare<[string], CertRow>(
      "SELECT * FROM pki_certificates WHERE common_name = ? ORDER BY issued_at, rowid"),
    listRevoked: db.prepare<[], CertRow>("SELECT * FROM pki_certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at, rowid"),
    revoke: db.prepare(
      "UPDATE pki_certificates SET revoked_at = COALESCE(revoked_at, ?), revoke_reason = COALESCE(revoke_reason, ?) WHERE serial = ?"),
    latestNodeCert: db.prepare<[string], { pem: string }>(
      "SELECT pem FROM pki_certificates WHERE common_name = ? AND kind = 'node' ORDER BY issued_at DESC, rowid DESC LIMIT 1"),
  };
  const importMany = db.transaction((devices: readonly FactoryDevice[]) => {
    for (const d of devices) q.putFactory.run(d.mac, d.secretHex, d.pop, d.batch, d.importedAt);
    return devices.length;
  });
  const bind = db.transaction((mac: string, nodeId: string, userId: string | null, now: number): NodeBinding => {
    const existing = q.bindingByMac.get(mac);
    if (existing) q.touchBinding.run(now, userId, mac);
    else q.insertBinding.run(mac, nodeId, userId, now, now);
    return toBinding(q.bindingByMac.get(mac)!);
  });
  const take = db.transaction((row: SessionRow | undefined, now: number): ClaimSession | null => {
    if (!row) return null;
    q.deleteSession.run(row.auth_id);
    return row.expires_at > now ? toSession(row) : null;
  });
  return {
    importFactoryDevices: (devices) => importMany(devices),
    getFactoryDevice: (mac) => {
      const row = q.getFactory.get(mac);
      return row ? toFactory(row) : null;
    },
    countFactoryDevices: () => q.countFactory.get()!.n,
    getBindingByMac: (mac) => {
      const row = q.bindingByMac.get(mac);
      return row ? toBinding(row) : null;
    },
    getBindingByNodeId: (nodeId) => {
      const row = q.bindingByNode.get(nodeId);
      return row ? toBinding(row) : null;
    },
    bindNode: (mac, nodeId, userId, now) => bind(mac, nodeId, userId, now),
    putClaimSession: (s) => {
      q.putSession.run(s.authId, s.mode, s.mac, s.nodeId, s.challenge, s.userId, s.createdAt, s.expiresAt);
    },
    getClaimSession: (authId, now) => {
      const row = q.getSession.get(authId);
      return row && row.expires_at > now ? toSession(row) : null;
    },
    takeClaimSession: (authId, now) => take(q.getSession.get(authId), now),
    takeLatestUserSession: (userId, now) => take(q.latestUserSession.get(userId, now), now),
    deleteExpiredSessions: (now) => q.deleteExpired.run(now).changes,
    recordCertificate: (c) => {
      q.putCert.run(c.serial, c.commonName, c.kind, c.pem, c.notBefore, c.notAfter, c.issuedAt, c.revokedAt, c.revokeReason);
    },
    getCertificate: (serial) => {
      const row = q.getCert.get(serial.toLowerCase());
      return row ? toCert(row) : null;
    },
    listCertificates: (commonName) => q.listCerts.all(commonName).map(toCert),
    listRevokedCertificates: () => q.listRevoked.all().map(toCert),
    revokeCertificate: (serial, reason, now) => q.revoke.run(now, reason, serial.toLowerCase()).changes > 0,
    getNodeCertificate: (nodeId) => q.latestNodeCert.get(nodeId)?.pem ?? null,
  };
}
