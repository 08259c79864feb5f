/**
 * The broker's session store: aedes-persistence's in-memory store behind a wrapper that bounds what a
 * persistent session (cleanSession false) may hold for a node that is offline. The queue of QoS 1
 * messages for an offline node stops growing at `maxQueued` (the newest message is not queued; AWS IoT
 * also caps persistent-session queues), and `dropSession` removes a session whole (see
 * `broker-session-expiry.ts`). aedes 1.x calls every persistence method without a callback and awaits
 * the returned promise; `setup` must be an async function.
 */
import memoryPersistence from "aedes-persistence";
import type { Readable } from "node:stream";
import type { CloudLog } from "./deps";

/** Defaults of the broker's session limits. */
export const BrokerSessionLimits = Object.freeze({
  /** QoS 1 messages held for one offline node; newer ones are not queued. */
  maxQueuedPerNode: 100,
  /** A node offline longer than this loses its session (AWS IoT's default persistent session expiry: 1 hour). */
  sessionExpiryMs: 60 * 60 * 1000,
  /** How often offline sessions are checked against the expiry (capped by the expiry itself). */
  expirySweepMs: 60 * 1000,
});

/** The client reference aedes passes to the persistence; only the id is read. */
interface ClientRef {
  readonly id: string;
}

/** A queued packet as the persistence sees it. */
interface QueuedPacket {
  messageId?: number;
  payload: unknown;
}

/**
 * The promise-style surface of aedes-persistence 11 that aedes 1.x uses (its published typings
 * describe only the callback style, hence the cast where it is created).
 */
interface AsyncSessionStore {
  setup(broker: unknown): Promise<void>;
  storeRetained(packet: unknown): Promise<void>;
  createRetainedStream(pattern: string): Readable;
  createRetainedStreamCombi(patterns: string[]): Readable;
  addSubscriptions(client: ClientRef, subs: unknown[]): Promise<void>;
  removeSubscriptions(client: ClientRef, topics: string[]): Promise<void>;
  subscriptionsByClient(client: ClientRef): Promise<unknown[]>;
  countOffline(): Promise<unknown>;
  subscriptionsByTopic(topic: string): Promise<unknown[]>;
  cleanSubscriptions(client: ClientRef): Promise<void>;
  outgoingEnqueue(sub: { clientId: string }, packet: QueuedPacket): Promise<void>;
  outgoingEnqueueCombi(subs: { clientId: string }[], packet: QueuedPacket): Promise<void>;
  outgoingUpdate(client: ClientRef, packet: QueuedPacket): Promise<void>;
  outgoingClearMessageId(client: ClientRef, packet: QueuedPacket): Promise<QueuedPacket | undefined>;
  outgoingStream(client: ClientRef): Readable;
  incomingStorePacket(client: ClientRef, packet: unknown): Promise<void>;
  incomingGetPacket(client: ClientRef, packet: unknown): Promise<unknown>;
  incomingDelPacket(client: ClientRef, packet: unknown): Promise<void>;
  cleanIncoming(client: ClientRef): Promise<void>;
  putWill(client: ClientRef, packet: unknown): Promise<void>;
  getWill(client: ClientRef): Promise<unknown>;
  delWill(client: ClientRef): Promise<unknown>;
  streamWill(brokers?: unknown): Readable;
  getClientList(topic: string): Readable;
  destroy(): Promise<void>;
}

export interface BoundedSessionStoreOptions {
  /** Most messages queued for one offline client (default `BrokerSessionLimits.maxQueuedPerNode`). */
  maxQueued?: number;
  log: CloudLog;
}

/** aedes' `persistence` option: the in-memory store with a bounded offline queue per client. */
export class BoundedSessionStore {
  readonly maxQueued: number;
  readonly #inner = memoryPersistence() as unknown as AsyncSessionStore;
  readonly #log: CloudLog;
  /** Entries in each client's outgoing queue (in flight to an online client, or waiting for an offline one). */
  readonly #queued = new Map<string, number>();
  /** The live connection of each online client (a takeover replaces it before the old one's disconnect is seen). */
  readonly #online = new Map<string, object>();
  /** Clients warned about a full queue in their current offline period. */
  readonly #warned = new Set<string>();
  /** Payload buffer of a publish -> clients it was not queued for (aedes keeps the payload object through its packet copies). */
  readonly #notQueued = new WeakMap<object, string[]>();

  constructor(options: BoundedSessionStoreOptions) {
    this.maxQueued = options.maxQueued ?? BrokerSessionLimits.maxQueuedPerNode;
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 1) throw new RangeError(`maxQueued must be a positive integer, got ${this.maxQueued}`);
    this.#log = options.log;
  }

  /** A client registered with the broker: its queue is unbounded again while it is online. */
  connected(client: ClientRef): void {
    this.#online.set(client.id, client);
    this.#warned.delete(client.id);
  }

  /** A client's connection ended (ignored when a newer connection of the same id has taken over). */
  disconnected(client: ClientRef): void {
    if (this.#online.get(client.id) === client) this.#online.delete(client.id);
  }

  isOnline(clientId: string): boolean {
    return this.#online.has(clientId);
  }

  /** Messages held for a client. */
  queuedFor(clientId: string): number {
    return this.#queued.get(clientId) ?? 0;
  }

  /** The clients a publish with this payload object was not queued for because their queue was full. */
  notQueuedFor(payload: object): readonly string[] {
    return this.#notQueued.get(payload) ?? [];
  }

  /** Removes a client's whole session: subscriptions, queued messages, QoS 2 state and will. */
  async dropSession(clientId: string): Promise<void> {
    const client: ClientRef = { id: clientId };
    await this.#inner.cleanSubscriptions(client);
    for await (const packet of this.#inner.outgoingStream(client)) await this.outgoingClearMessageId(client, packet as QueuedPacket);
    await this.#inner.cleanIncoming(client);
    await this.#inner.delWill(client);
    this.#queued.delete(clientId);
    this.#warned.delete(clientId);
  }

  /** Counts a message into a client's queue, or refuses it when the client is offline and its queue is full. */
  #admit(clientId: string, packet: QueuedPacket): boolean {
    const queued = this.queuedFor(clientId);
    if (queued < this.maxQueued || this.#online.has(clientId)) {
      this.#queued.set(clientId, queued + 1);
      return true;
    }
    if (typeof packet.payload === "object" && packet.payload !== null) {
      const refused = this.#notQueued.get(packet.payload);
      if (refused) refused.push(clientId);
      else this.#notQueued.set(packet.payload, [clientId]);
    }
    if (!this.#warned.has(clientId)) {
      this.#warned.add(clientId);
      this.#log.warn(`node ${clientId} is offline with ${queued} queued messages (the limit): newer messages are not queued until it reconnects`, {
        nodeId: clientId,
        queued,
      });
    }
    return false;
  }

  async outgoingEnqueue(sub: { clientId: string }, packet: QueuedPacket): Promise<void> {
    if (this.#admit(sub.clientId, packet)) await this.#inner.outgoingEnqueue(sub, packet);
  }

  async outgoingEnqueueCombi(subs: { clientId: string }[], packet: QueuedPacket): Promise<void> {
    const admitted = subs.filter((sub) => this.#admit(sub.clientId, packet));
    if (admitted.length > 0) await this.#inner.outgoingEnqueueCombi(admitted, packet);
  }

  async outgoingClearMessageId(client: ClientRef, packet: QueuedPacket): Promise<QueuedPacket | undefined> {
    const cleared = await this.#inner.outgoingClearMessageId(client, packet);
    if (cleared) {
      const left = this.queuedFor(client.id) - 1;
      if (left > 0) this.#queued.set(client.id, left);
      else this.#queued.delete(client.id);
    }
    return cleared;
  }

  async setup(broker: unknown): Promise<void> {
    await this.#inner.setup(broker);
  }
  storeRetained(packet: unknown): Promise<void> {
    return this.#inner.storeRetained(packet);
  }
  createRetainedStream(pattern: string): Readable {
    return this.#inner.createRetainedStream(pattern);
  }
  createRetainedStreamCombi(patterns: string[]): Readable {
    return this.#inner.createRetainedStreamCombi(patterns);
  }
  addSubscriptions(client: ClientRef, subs: unknown[]): Promise<void> {
    return this.#inner.addSubscriptions(client, subs);
  }
  removeSubscriptions(client: ClientRef, topics: string[]): Promise<void> {
    return this.#inner.removeSubscriptions(client, topics);
  }
  subscriptionsByClient(client: ClientRef): Promise<unknown[]> {
    return this.#inner.subscriptionsByClient(client);
  }
  countOffline(): Promise<unknown> {
    return this.#inner.countOffline();
  }
  subscriptionsByTopic(topic: string): Promise<unknown[]> {
    return this.#inner.subscriptionsByTopic(topic);
  }
  cleanSubscriptions(client: ClientRef): Promise<void> {
    return this.#inner.cleanSubscriptions(client);
  }
  outgoingUpdate(client: ClientRef, packet: QueuedPacket): Promise<void> {
    return this.#inner.outgoingUpdate(client, packet);
  }
  outgoingStream(client: ClientRef): Readable {
    return this.#inner.outgoingStream(client);
  }
  incomingStorePacket(client: ClientRef, packet: unknown): Promise<void> {
    return this.#inner.incomingStorePacket(client, packet);
  }
  incomingGetPacket(client: ClientRef, packet: unknown): Promise<unknown> {
    return this.#inner.incomingGetPacket(client, packet);
  }
  incomingDelPacket(client: ClientRef, packet: unknown): Promise<void> {
    return this.#inner.incomingDelPacket(client, packet);
  }
  cleanIncoming(client: ClientRef): Promise<void> {
    return this.#inner.cleanIncoming(client);
  }
  putWill(client: ClientRef, packet: unknown): Promise<void> {
    return this.#inner.putWill(client, packet);
  }
  getWill(client: ClientRef): Promise<unknown> {
    return this.#inner.getWill(client);
  }
  delWill(client: ClientRef): Promise<unknown> {
    return this.#inner.delWill(client);
  }
  streamWill(brokers?: unknown): Readable {
    return this.#inner.streamWill(brokers);
  }
  getClientList(topic: string): Readable {
    return this.#inner.getClientList(topic);
  }
  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}
