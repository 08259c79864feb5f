/**
 * Persistence of the local cloud. Two implementations pass the same contract suite
 * (test/cloud-stub/store): SQLite (`sqlite.ts`, the real one) and in-memory (`memory.ts`, unit tests).
 * All methods are synchronous (better-sqlite3 is); every multi-row change is one transaction.
 * Times are epoch milliseconds unless a name says otherwise.
 */
import type { ParamsDocument } from "../../firmware/protocol/rainmaker/description";

export interface UserRecord {
  userId: string;
  userName: string;
  /** `scrypt$<salt b64>$<hash b64>` (see auth/password.ts). */
  passwordHash: string;
  name: string;
  confirmed: boolean;
  createdAt: number;
}

export interface SessionRecord {
  /** SHA-256 hex of the refresh token (the token itself is never stored). */
  refreshTokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

export interface Connectivity {
  connected: boolean;
  /** Epoch ms of the last change [spec 8]. */
  timestamp: number;
}

export interface NodeRecord {
  nodeId: string;
  /** Last node config JSON reported on `config` [spec 1], or null before the first report. */
  config: Record<string, unknown> | null;
  /** `config_version` of that config. */
  configVersion: string | null;
  /** Params shadow [spec 2.1]. */
  params: ParamsDocument;
  connectivity: Connectivity;
  fwVersion: string | null;
  type: string | null;
  model: string | null;
  tags: string[];
  metadata: Record<string, unknown>;
  /** Node certificate written by the claim service; its public key verifies challenge responses [spec 5.2]. */
  certificatePem: string | null;
  createdAt: number;
}

/** Fields a config report updates on a node. */
export interface NodeConfigUpdate {
  config: Record<string, unknown>;
  configVersion: string | null;
  fwVersion: string | null;
  type: string | null;
  model: string | null;
}

export interface UserNodeMapping {
  userId: string;
  nodeId: string;
  primary: boolean;
  /** Epoch SECONDS, as `mapping_timestamp` on the wire [cloud-rest-api 2]. */
  mappedAt: number;
}

export type MappingRequestStatus = "requested" | "confirmed" | "timedout" | "discarded";

export interface MappingRequest {
  requestId: string;
  userId: string;
  /** Null for a challenge request until verify names the node. */
  nodeId: string | null;
  /** "secret": legacy secret-key flow [spec 5.1]; "challenge": challenge-response [spec 5.2]. */
  kind: "secret" | "challenge";
  secretKey: string | null;
  challenge: string | null;
  status: MappingRequestStatus;
  tags: string[];
  metadata: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
}

export interface OtaImage {
  imageId: string;
  name: string;
  version: string;
  size: number;
  sha256: string;
  /** Absolute path of the image file under the data dir. */
  filePath: string;
  createdAt: number;
}

export interface OtaJob {
  jobId: string;
  imageId: string;
  /** User who created the job (only they see it). */
  createdBy: string;
  createdAt: number;
}

/** Node statuses of a job that is not over for that node: `otafetch` gets the job again (e.g. after a restart mid-download). */
export const OpenOtaStatuses: readonly string[] = Object.freeze(["pending", "in-progress", "delayed"]);

export interface OtaJobNodeStatus {
  jobId: string;
  nodeId: string;
  /** "pending" until the node reports; then the otastatus string [spec 7]. */
  status: string;
  info: string;
  updatedAt: number;
}

/**
 * One stored record of a node's `tsdata`/`simple_tsdata`/`alert` publish, or a `user_mapping` report
 * kept so a mapping request that arrives after the device's report can still be matched [spec 5.1].
 */
export interface NodeRecordEntry {
  nodeId: string;
  kind: "tsdata" | "simple_tsdata" | "alert" | "user_mapping";
  /** The parsed JSON payload. */
  data: unknown;
  at: number;
}

export interface CloudStore {
  // users
  createUser(user: UserRecord): void;
  getUserById(userId: string): UserRecord | null;
  getUserByName(userName: string): UserRecord | null;
  setUserConfirmed(userId: string, confirmed: boolean): void;
  setUserPassword(userId: string, passwordHash: string): void;
  /** Deletes the user with their sessions and node mappings, in one transaction. */
  deleteUser(userId: string): void;

  // refresh sessions
  putSession(session: SessionRecord): void;
  getSession(refreshTokenHash: string): SessionRecord | null;
  deleteSession(refreshTokenHash: string): void;
  deleteUserSessions(userId: string): void;

  // nodes
  getNode(nodeId: string): NodeRecord | null;
  /** Creates the node row if missing (empty shadow, offline); returns the row. */
  ensureNode(nodeId: string, now: number): NodeRecord;
  setNodeConfig(nodeId: string, update: NodeConfigUpdate, now: number): void;
  /** Replaces the whole params shadow (`params/local/init`). */
  replaceParams(nodeId: string, params: ParamsDocument, now: number): void;
  /** Merges a delta into the shadow per device then param (`params/local`, remote sets); returns the new shadow. */
  mergeParams(nodeId: string, delta: ParamsDocument, now: number): ParamsDocument;
  setConnectivity(nodeId: string, connectivity: Connectivity): void;
  setTags(nodeId: string, tags: string[]): void;
  setMetadata(nodeId: string, metadata: Record<string, unknown>): void;
  setCertificate(nodeId: string, certificatePem: string, now: number): void;

  // user <-> node
  getMapping(userId: string, nodeId: string): UserNodeMapping | null;
  /** Node ids mapped to the user, ascending, starting at `startId` (inclusive), at most `limit`. */
  listUserNodeIds(userId: string, startId: string | null, limit: number): string[];
  countUserNodes(userId: string): number;
  addMapping(mapping: UserNodeMapping): void;
  removeMapping(userId: string, nodeId: string): void;
  /** Drops every mapping of the node (factory reset report [spec 5.1]); returns how many. */
  removeNodeMappings(nodeId: string): number;

  // mapping requests
  createMappingRequest(req: MappingRequest): void;
  getMappingRequest(requestId: string): MappingRequest | null;
  /** Open ("requested", not expired at `now`) secret-key requests for the node. */
  listOpenSecretRequests(nodeId: string, now: number): MappingRequest[];
  setMappingRequestStatus(requestId: string, status: MappingRequestStatus): void;
  /**
   * In one transaction: marks the request confirmed (and sets its node id), creates the node row if
   * needed, maps it to the request's user (primary) with tags/metadata from the request.
   */
  confirmMappingRequest(requestId: string, nodeId: string, now: number): void;
  /** Next value of a named counter, starting at 1 (persisted). */
  nextSequence(name: string): number;

  // OTA
  createOtaImage(image: OtaImage): void;
  getOtaImage(imageId: string): OtaImage | null;
  listOtaImages(): OtaImage[];
  /** Creates the job and a "pending" status row per node, in one transaction. */
  createOtaJob(job: OtaJob, nodeIds: string[]): void;
  getOtaJob(jobId: string): OtaJob | null;
  listOtaJobNodes(jobId: string): OtaJobNodeStatus[];
  /** Newest job that targets the node and whose node status is open ({@link OpenOtaStatuses}), or null. */
  findPendingOtaJob(nodeId: string): OtaJob | null;
  setOtaJobNodeStatus(jobId: string, nodeId: string, status: string, info: string, now: number): void;

  // tsdata / alerts
  /** Appends records and keeps only the newest `keep` of that kind for the node, in one transaction. */
  appendNodeRecords(entries: NodeRecordEntry[], keep: number): void;
  listNodeRecords(nodeId: string, kind: NodeRecordEntry["kind"]): NodeRecordEntry[];

  // settings (e.g. the token signing secret)
  getSetting(key: string): string | null;
  setSetting(key: string, value: string): void;

  close(): void;
}
