/**
 * Persistence of the claim service and the dev CA's certificate registry. Separate from `CloudStore`
 * (the application core's store) but kept in the same SQLite database file (`claims-sqlite.ts`).
 * Synchronous like better-sqlite3; times are epoch milliseconds.
 */

/** One line of a manufacturing batch: a device allowed to self-claim [spec 4.3]. */
export interface FactoryDevice {
  /** 12 upper-case hex digits of the base MAC. */
  mac: string;
  /** Per-device HMAC key (the eFuse unique id on a real chip), lower-case hex. */
  secretHex: string;
  /** Proof of possession printed on the device label (provisioning). */
  pop: string;
  batch: string;
  importedAt: number;
}

/** MAC -> node id binding, created at the first claim, never changed (re-claims are idempotent). */
export interface NodeBinding {
  mac: string;
  nodeId: string;
  /** User who claimed it (assisted / host claim), if any. */
  userId: string | null;
  firstClaimedAt: number;
  lastClaimedAt: number;
}

export type ClaimMode = "self" | "assisted";

/** An open `claim/initiate` waiting for its `claim/verify`. Single use. */
export interface ClaimSession {
  authId: string;
  mode: ClaimMode;
  mac: string;
  nodeId: string;
  /** Self claim only: the challenge the device must HMAC. */
  challenge: string | null;
  userId: string | null;
  createdAt: number;
  expiresAt: number;
}

export type CertificateKind = "node" | "service" | "server";

export interface CertificateRecord {
  /** Lower-case hex serial number. */
  serial: string;
  /** Subject CN: the node id for node certificates. */
  commonName: string;
  kind: CertificateKind;
  pem: string;
  notBefore: number;
  notAfter: number;
  issuedAt: number;
  revokedAt: number | null;
  revokeReason: string | null;
}

export interface ClaimStore {
  /** Inserts or replaces factory devices in one transaction; returns how many rows were written. */
  importFactoryDevices(devices: readonly FactoryDevice[]): number;
  getFactoryDevice(mac: string): FactoryDevice | null;
  countFactoryDevices(): number;

  getBindingByMac(mac: string): NodeBinding | null;
  getBindingByNodeId(nodeId: string): NodeBinding | null;
  /** Creates the binding if the MAC has none, else refreshes `lastClaimedAt`; returns the stored binding. */
  bindNode(mac: string, nodeId: string, userId: string | null, now: number): NodeBinding;

  putClaimSession(session: ClaimSession): void;
  /** The open session, without consuming it (null when missing or expired). */
  getClaimSession(authId: string, now: number): ClaimSession | null;
  /** Deletes and returns the session (single use), or null when missing or expired at `now`. */
  takeClaimSession(authId: string, now: number): ClaimSession | null;
  /** Latest open assisted session of a user (the CLI's `claim/verify` carries no auth_id [spec 4.5]). */
  takeLatestUserSession(userId: string, now: number): ClaimSession | null;
  deleteExpiredSessions(now: number): number;

  recordCertificate(record: CertificateRecord): void;
  getCertificate(serial: string): CertificateRecord | null;
  listCertificates(commonName: string): CertificateRecord[];
  /** Every revoked certificate (for a CRL). */
  listRevokedCertificates(): CertificateRecord[];
  /** Marks a certificate revoked; false when the serial is unknown. */
  revokeCertificate(serial: string, reason: string, now: number): boolean;
  /** The newest node certificate PEM issued for the node id. */
  getNodeCertificate(nodeId: string): string | null;
}
