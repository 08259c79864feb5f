/** In-memory `CloudStore` for unit tests; passes the same contract suite as the SQLite store. */
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
import { OpenOtaStatuses } from "./store";
import { mergeParamsDocument } from "./merge-params";
import { emptyNode } from "./empty-node";

const copy = <T>(v: T): T => structuredClone(v);
const mappingKey = (userId: string, nodeId: string) => `${userId}\u0000${nodeId}`;

export class MemoryStore implements CloudStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly nodes = new Map<string, NodeRecord>();
  private readonly mappings = new Map<string, UserNodeMapping>();
  private readonly requests = new Map<string, MappingRequest>();
  private readonly sequences = new Map<string, number>();
  private readonly images = new Map<string, OtaImage>();
  private readonly jobs = new Map<string, OtaJob>();
  private readonly jobNodes: OtaJobNodeStatus[] = [];
  private readonly records: NodeRecordEntry[] = [];
  private readonly settings = new Map<string, string>();

  createUser(user: UserRecord): void {
    if (this.users.has(user.userId) || this.getUserByName(user.userName)) throw new Error(`user exists: ${user.userName}`);
    this.users.set(user.userId, copy(user));
  }
  getUserById(userId: string): UserRecord | null {
    const u = this.users.get(userId);
    return u ? copy(u) : null;
  }
  getUserByName(userName: string): UserRecord | null {
    for (const u of this.users.values()) if (u.userName === userName) return copy(u);
    return null;
  }
  setUserConfirmed(userId: string, confirmed: boolean): void {
    const u = this.users.get(userId);
    if (u) u.confirmed = confirmed;
  }

  setUserPassword(userId: string, passwordHash: string): void {
    const u = this.users.get(userId);
    if (u) u.passwordHash = passwordHash;
  }
  deleteUser(userId: string): void {
    this.users.delete(userId);
    this.deleteUserSessions(userId);
    for (const [k, m] of this.mappings) if (m.userId === userId) this.mappings.delete(k);
  }

  putSession(session: SessionRecord): void {
    if (!this.users.has(session.userId)) throw new Error(`unknown user ${session.userId}`);
    this.sessions.set(session.refreshTokenHash, copy(session));
  }
  getSession(hash: string): SessionRecord | null {
    const s = this.sessions.get(hash);
    return s ? copy(s) : null;
  }
  deleteSession(hash: string): void {
    this.sessions.delete(hash);
  }
  deleteUserSessions(userId: string): void {
    for (const [k, s] of this.sessions) if (s.userId === userId) this.sessions.delete(k);
  }

  getNode(nodeId: string): NodeRecord | null {
    const n = this.nodes.get(nodeId);
    return n ? copy(n) : null;
  }
  ensureNode(nodeId: string, now: number): NodeRecord {
    if (!this.nodes.has(nodeId)) this.nodes.set(nodeId, emptyNode(nodeId, now));
    return copy(this.nodes.get(nodeId)!);
  }
  private node(nodeId: string): NodeRecord {
    const n = this.nodes.get(nodeId);
    if (!n) throw new Error(`unknown node ${nodeId}`);
    return n;
  }
  setNodeConfig(nodeId: string, u: NodeConfigUpdate, now: number): void {
    const n = this.ensureRaw(nodeId, now);
    Object.assign(n, copy({ config: u.config, configVersion: u.configVersion, fwVersion: u.fwVersion, type: u.type, model: u.model }));
  }
  replaceParams(nodeId: string, params: ParamsDocument, now: number): void {
    this.ensureRaw(nodeId, now).params = copy(params);
  }
  mergeParams(nodeId: string, delta: ParamsDocument, now: number): ParamsDocument {
    const n = this.ensureRaw(nodeId, now);
    n.params = mergeParamsDocument(n.params, copy(delta));
    return copy(n.params);
  }
  setConnectivity(nodeId: string, c: Connectivity): void {
    this.node(nodeId).connectivity = copy(c);
  }
  setTags(nodeId: string, tags: string[]): void {
    this.node(nodeId).tags = copy(tags);
  }
  setMetadata(nodeId: string, metadata: Record<string, unknown>): void {
    this.node(nodeId).metadata = copy(metadata);
  }
  setCertificate(nodeId: string, pem: string, now: number): void {
    this.ensureRaw(nodeId, now).certificatePem = pem;
  }
  private ensureRaw(nodeId: string, now: number): NodeRecord {
    this.ensureNode(nodeId, now);
    return this.node(nodeId);
  }

  getMapping(userId: string, nodeId: string): UserNodeMapping | null {
    const m = this.mappings.get(mappingKey(userId, nodeId));
    return m ? copy(m) : null;
  }
  listUserNodeIds(userId: string, startId: string | null, limit: number): string[] {
    return [...this.mappings.values()]
      .filter((m) => m.userId === userId && (startId === null || m.nodeId >= startId))
      .map((m) => m.nodeId)
      .sort()
      .slice(0, limit);
  }
  countUserNodes(userId: string): number {
    return [...this.mappings.values()].filter((m) => m.userId === userId).length;
  }
  addMapping(m: UserNodeMapping): void {
    if (!this.nodes.has(m.nodeId)) throw new Error(`unknown node ${m.nodeId}`);
    if (!this.users.has(m.userId)) throw new Error(`unknown user ${m.userId}`);
    this.mappings.set(mappingKey(m.userId, m.nodeId), copy(m));
  }
  removeMapping(userId: string, nodeId: string): void {
    this.mappings.delete(mappingKey(userId, nodeId));
  }
  removeNodeMappings(nodeId: string): number {
    let n = 0;
    for (const [k, m] of this.mappings) if (m.nodeId === nodeId) (this.mappings.delete(k), n++);
    return n;
  }

  createMappingRequest(req: MappingRequest): void {
    if (this.requests.has(req.requestId)) throw new Error(`request exists: ${req.requestId}`);
    this.requests.set(req.requestId, copy(req));
  }
  getMappingRequest(requestId: string): MappingRequest | null {
    const r = this.requests.get(requestId);
    return r ? copy(r) : null;
  }
  listOpenSecretRequests(nodeId: string, now: number): MappingRequest[] {
    return [...this.requests.values()]
      .filter((r) => r.kind === "secret" && r.nodeId === nodeId && r.status === "requested" && r.expiresAt > now)
      .sort((a, b) => a.createdAt - b.createdAt || (a.requestId < b.requestId ? -1 : 1))
      .map(copy);
  }
  setMappingRequestStatus(requestId: string, status: MappingRequestStatus): void {
    const r = this.requests.get(requestId);
    if (r) r.status = status;
  }
  confirmMappingRequest(requestId: string, nodeId: string, now: number): void {
    const r = this.requests.get(requestId);
    if (!r) throw new Error(`unknown request ${requestId}`);
    if (!this.users.has(r.userId)) throw new Error(`unknown user ${r.userId}`);
    const n = this.ensureRaw(nodeId, now);
    r.status = "confirmed";
    r.nodeId = nodeId;
    if (r.tags.length > 0) n.tags = [...new Set([...n.tags, ...r.tags])];
    if (Object.keys(r.metadata).length > 0) n.metadata = { ...n.metadata, ...copy(r.metadata) };
    this.mappings.set(mappingKey(r.userId, nodeId), { userId: r.userId, nodeId, primary: true, mappedAt: Math.floor(now / 1000) });
  }
  nextSequence(name: string): number {
    const v = (this.sequences.get(name) ?? 0) + 1;
    this.sequences.set(name, v);
    return v;
  }

  createOtaImage(image: OtaImage): void {
    if (this.images.has(image.imageId)) throw new Error(`image exists: ${image.imageId}`);
    this.images.set(image.imageId, copy(image));
  }
  getOtaImage(imageId: string): OtaImage | null {
    const i = this.images.get(imageId);
    return i ? copy(i) : null;
  }
  listOtaImages(): OtaImage[] {
    return [...this.images.values()].sort((a, b) => a.createdAt - b.createdAt).map(copy);
  }
  createOtaJob(job: OtaJob, nodeIds: string[]): void {
    if (!this.images.has(job.imageId)) throw new Error(`unknown image ${job.imageId}`);
    if (this.jobs.has(job.jobId)) throw new Error(`job exists: ${job.jobId}`);
    this.jobs.set(job.jobId, copy(job));
    for (const nodeId of new Set(nodeIds)) {
      this.jobNodes.push({ jobId: job.jobId, nodeId, status: "pending", info: "", updatedAt: job.createdAt });
    }
  }
  getOtaJob(jobId: string): OtaJob | null {
    const j = this.jobs.get(jobId);
    return j ? copy(j) : null;
  }
  listOtaJobNodes(jobId: string): OtaJobNodeStatus[] {
    return this.jobNodes.filter((s) => s.jobId === jobId).sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1)).map(copy);
  }
  findPendingOtaJob(nodeId: string): OtaJob | null {
    const pending = this.jobNodes
      .filter((s) => s.nodeId === nodeId && OpenOtaStatuses.includes(s.status))
      .map((s) => this.jobs.get(s.jobId)!)
      .sort((a, b) => b.createdAt - a.createdAt || (a.jobId < b.jobId ? 1 : -1));
    return pending[0] ? copy(pending[0]) : null;
  }
  setOtaJobNodeStatus(jobId: string, nodeId: string, status: string, info: string, now: number): void {
    const row = this.jobNodes.find((s) => s.jobId === jobId && s.nodeId === nodeId);
    if (!row) throw new Error(`node ${nodeId} not in job ${jobId}`);
    Object.assign(row, { status, info, updatedAt: now });
  }

  appendNodeRecords(entries: NodeRecordEntry[], keep: number): void {
    for (const e of entries) this.records.push(copy(e));
    for (const key of new Set(entries.map((e) => `${e.nodeId}\u0000${e.kind}`))) {
      const same = this.records.filter((r) => `${r.nodeId}\u0000${r.kind}` === key);
      for (const old of same.slice(0, Math.max(0, same.length - keep))) this.records.splice(this.records.indexOf(old), 1);
    }
  }
  listNodeRecords(nodeId: string, kind: NodeRecordEntry["kind"]): NodeRecordEntry[] {
    return this.records.filter((r) => r.nodeId === nodeId && r.kind === kind).map(copy);
  }

  getSetting(key: string): string | null {
    return this.settings.get(key) ?? null;
  }
  setSetting(key: string, value: string): void {
    this.settings.set(key, value);
  }
  close(): void {}
}
