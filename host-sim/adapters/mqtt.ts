import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { ConnectionOptions } from "node:tls";
import mqttPacket from "mqtt-packet";
import type { IConnectPacket, Packet } from "mqtt-packet";
import type {
  MqttClient,
  MqttCloseReason,
  MqttConnectOptions,
  MqttEvents,
  MqttPort,
  MqttQos,
  TlsClientOptions,
} from "../../firmware/ports/mqtt";
import type { SocketBudget } from "../fakes/socket-budget";
import { subscribeFilters, topicProblem } from "../fakes/mqtt-topic";
import { clientKeyProblem, nodeTlsContextOptions } from "./tls-material";

/** Options for the host {@link createMqtt}. */
export interface HostMqttOptions {
  /** 0 mimics Moddable's legacy `mqtt` module: QoS 1 requests go out as QoS 0, no PUBACK tracking. Default 1. */
  maxQos?: MqttQos;
  /** The simulated device's TCP socket budget (shared with its HTTP client). */
  sockets?: SocketBudget;
  /** Give up when CONNACK has not arrived after this long (default 30 000 ms). */
  connectTimeoutMs?: number;
  /** Where an exception thrown by an event handler is reported (default console.error); the connection survives it. */
  onHandlerError?: (error: unknown) => void;
  /** Sees every socket opened, so the simulator can cut it at a power cut (no DISCONNECT). */
  onSocket?: (socket: Socket) => void;
}

const EMPTY = new Uint8Array(0);

/** The node:tls options for one identity, or why the device could not use it. */
type PreparedTls = { ok: true; options: ConnectionOptions } | { ok: false; problem: string };

function prepareTls(host: string, material: TlsClientOptions): PreparedTls {
  const problem = clientKeyProblem(material.key);
  if (problem) return { ok: false, problem };
  try {
    return { ok: true, options: nodeTlsContextOptions(host, material) };
  } catch (error) {
    return { ok: false, problem: `TLS credentials refused: ${(error as Error).message}` };
  }
}

/** {@link MqttPort}: MQTT 3.1.1 over node:tls (mutual TLS) or plain node:net when `tls` is absent. */
export function createMqtt(options: HostMqttOptions = {}): MqttPort {
  const maxQos: MqttQos = options.maxQos ?? 1;
  const connectTimeoutMs = options.connectTimeoutMs ?? 30_000;
  const reportHandlerError = options.onHandlerError ?? ((error: unknown) => console.error("mqtt event handler threw:", error));
  // a reconnect with the same identity reuses the key check and the parsed key and certificates
  // (the context costs about 1 ms of CPU with an RSA-2048 key)
  let lastTls: { material: TlsClientOptions; host: string; prepared: PreparedTls } | undefined;
  const tlsOptions = (host: string, material: TlsClientOptions): PreparedTls => {
    if (lastTls?.material !== material || lastTls.host !== host) lastTls = { material, host, prepared: prepareTls(host, material) };
    return lastTls.prepared;
  };
  return {
    maxQos,
    connect: (connectOptions, events) => openConnection(connectOptions, events, { maxQos, connectTimeoutMs, sockets: options.sockets, reportHandlerError, onSocket: options.onSocket, tlsOptions }),
  };
}

interface ConnectionSettings {
  maxQos: MqttQos;
  connectTimeoutMs: number;
  sockets: SocketBudget | undefined;
  reportHandlerError: (error: unknown) => void;
  onSocket: ((socket: Socket) => void) | undefined;
  tlsOptions: (host: string, material: TlsClientOptions) => PreparedTls;
}

function openConnection(opts: MqttConnectOptions, events: MqttEvents, settings: ConnectionSettings): MqttClient {
  let state: "connecting" | "connected" | "closing" | "closed" = "connecting";
  let socket: Socket | undefined;
  let release: (() => void) | undefined;
  let failure: MqttCloseReason | undefined;
  let handshakeDone = opts.tls === undefined;
  let nextMessageId = 1;
  let lastReceived = Date.now();
  const acks = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const subscriptions = new Set<string>();
  const timers: ReturnType<typeof setTimeout>[] = [];

  const safely = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      settings.reportHandlerError(error);
    }
  };

  const finish = (reason: MqttCloseReason): void => {
    if (state === "closed") return;
    state = "closed";
    timers.forEach((t) => clearTimeout(t));
    release?.();
    const error = new Error(`MQTT connection closed (${reason.type}${"message" in reason ? `: ${reason.message}` : ""})`);
    for (const ack of acks.values()) ack.reject(error);
    acks.clear();
    if (socket && !socket.destroyed) socket.destroy();
    setImmediate(() => safely(() => events.onClose(reason)));
  };

  const fail = (reason: MqttCloseReason): void => {
    failure ??= reason;
    finish(failure);
  };

  const send = (packet: Packet): Promise<void> =>
    new Promise((resolve, reject) => {
      if (!socket || socket.destroyed) {
        reject(new Error("MQTT socket is closed"));
        return;
      }
      socket.write(mqttPacket.generate(packet), (error) => (error ? reject(error) : resolve()));
    });

  const allocateId = (): number => {
    for (let i = 0; i < 65535; i++) {
      const id = nextMessageId;
      nextMessageId = nextMessageId === 65535 ? 1 : nextMessageId + 1;
      if (!acks.has(id)) return id;
    }
    throw new Error("no free MQTT packet identifier");
  };

  const awaitAck = (messageId: number, packet: Packet): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      acks.set(messageId, { resolve, reject });
      send(packet).catch((error: Error) => {
        acks.delete(messageId);
        reject(error);
      });
    });

  const startKeepAlive = (): void => {
    if (opts.keepAliveS <= 0) return;
    const ms = opts.keepAliveS * 1000;
    // [moddable.md MQTT] pings at ~3/4 of the interval; closed when silent for 1.5x
    const ping = setInterval(() => {
      if (Date.now() - lastReceived > ms * 1.5) {
        fail({ type: "network", message: `keep-alive timeout: nothing received for ${Math.round((Date.now() - lastReceived) / 1000)} s` });
        return;
      }
      send({ cmd: "pingreq" }).catch(() => undefined);
    }, ms * 0.75);
    timers.push(ping as unknown as ReturnType<typeof setTimeout>);
  };

  const onPacket = (packet: Packet): void => {
    lastReceived = Date.now();
    switch (packet.cmd) {
      case "connack":
        if (state !== "connecting") return;
        if (packet.returnCode !== 0) {
          fail({ type: "refused", returnCode: packet.returnCode ?? 0 });
          return;
        }
        state = "connected";
        startKeepAlive();
        safely(() => events.onConnect(packet.sessionPresent));
        return;
      case "publish": {
        const payload = typeof packet.payload === "string" ? new TextEncoder().encode(packet.payload) : new Uint8Array(packet.payload);
        if (state === "connected") safely(() => events.onMessage(packet.topic, payload));
        // acknowledged once handed to the application, which then acts on it at once instead of after
        // the PUBACK's TLS write; the legacy module never acknowledges inbound QoS>0 messages [moddable.md MQTT]
        if (packet.qos === 1 && settings.maxQos === 1 && packet.messageId !== undefined) {
          send({ cmd: "puback", messageId: packet.messageId }).catch(() => undefined);
        }
        return;
      }
      case "puback":
      case "suback": {
        const ack = packet.messageId === undefined ? undefined : acks.get(packet.messageId);
        if (!ack) return;
        acks.delete(packet.messageId!);
        if (packet.cmd === "suback" && packet.granted.some((g) => (typeof g === "number" ? g : (g as { qos?: number }).qos) === 0x80)) {
          ack.reject(new Error("subscription refused by the broker (SUBACK 0x80)"));
        } else ack.resolve();
        return;
      }
      case "pingresp":
        return;
      default:
        fail({ type: "network", message: `unexpected ${packet.cmd} packet from the broker` });
    }
  };

  const begin = (): void => {
    if (state !== "connecting") return;
    const tls = opts.tls ? settings.tlsOptions(opts.host, opts.tls) : undefined;
    if (tls && !tls.ok) {
      fail({ type: "tls", message: tls.problem });
      return;
    }
    try {
      release = settings.sockets?.acquire(`MQTT ${opts.host}:${opts.port}`);
    } catch (error) {
      fail({ type: "network", message: (error as Error).message });
      return;
    }
    const parser = mqttPacket.parser({ protocolVersion: 4 });
    parser.on("packet", onPacket);
    parser.on("error", (error: Error) => fail({ type: "network", message: `malformed packet from the broker: ${error.message}` }));

    const connectPacket: IConnectPacket = {
      cmd: "connect",
      protocolId: "MQTT",
      protocolVersion: 4,
      clean: opts.cleanSession ?? true,
      clientId: opts.clientId,
      keepalive: opts.keepAliveS,
    };
    if (opts.username !== undefined) connectPacket.username = opts.username;
    if (opts.will) {
      connectPacket.will = {
        topic: opts.will.topic,
        payload: Buffer.from(opts.will.payload),
        qos: Math.min(opts.will.qos, settings.maxQos) as MqttQos,
        retain: opts.will.retain,
      };
    }

    const onReady = (): void => {
      handshakeDone = true;
      send(connectPacket).catch((error: Error) => fail({ type: "network", message: error.message }));
    };
    socket = tls
      ? tlsConnect({ ...tls.options, port: opts.port }, onReady)
      : netConnect({ host: opts.host, port: opts.port }, onReady);
    settings.onSocket?.(socket);
    let tcpUp = false;
    socket.once("connect", () => (tcpUp = true));
    socket.setNoDelay(true);
    socket.on("data", (data: Buffer) => parser.parse(data));
    socket.on("error", (error: Error) => {
      // only a failure between TCP connect and the end of the handshake is a TLS failure
      const tlsFailure = opts.tls !== undefined && tcpUp && !handshakeDone;
      fail({ type: tlsFailure ? "tls" : "network", message: error.message });
    });
    socket.on("close", () => {
      if (state === "closing") finish({ type: "closed" });
      else fail({ type: "network", message: state === "connecting" ? "connection closed before CONNACK" : "connection closed by the broker" });
    });
    const connectTimer = setTimeout(() => {
      if (state === "connecting") fail({ type: "network", message: `no CONNACK within ${settings.connectTimeoutMs} ms` });
    }, settings.connectTimeoutMs);
    timers.push(connectTimer);
  };

  setImmediate(begin);

  const requireConnected = (): void => {
    if (state !== "connected") throw new Error("MQTT client is not connected");
  };

  return {
    async publish(topic, payload, publishOptions = {}) {
      requireConnected();
      const problem = topicProblem(topic);
      if (problem) throw new Error(problem);
      const qos = Math.min(publishOptions.qos ?? 0, settings.maxQos) as MqttQos;
      const base = { cmd: "publish" as const, topic, payload: Buffer.from(payload ?? EMPTY), retain: publishOptions.retain ?? false, dup: false };
      if (qos === 0) return send({ ...base, qos: 0 });
      const messageId = allocateId();
      return awaitAck(messageId, { ...base, qos: 1, messageId });
    },
    async subscribe(filters, qos = 0) {
      requireConnected();
      const checked = subscribeFilters(filters, (filter) => subscriptions.has(filter), subscriptions.size);
      if ("problem" in checked) throw new Error(checked.problem);
      const list = checked.filters;
      for (const filter of list) subscriptions.add(filter);
      const granted = Math.min(qos, settings.maxQos) as MqttQos;
      const messageId = allocateId();
      // one packet for all the filters [MQTT 3.1.1 3.8.3]
      const packet: Packet = { cmd: "subscribe", messageId, subscriptions: list.map((topic) => ({ topic, qos: granted })) };
      // the legacy module fires and forgets SUBSCRIBE [moddable.md MQTT]
      if (settings.maxQos === 0) return send(packet);
      return awaitAck(messageId, packet);
    },
    close() {
      if (state === "closed" || state === "closing") return;
      if (!socket || state === "connecting") {
        state = "closing";
        if (socket) socket.destroy();
        else finish({ type: "closed" });
        return;
      }
      state = "closing";
      const s = socket;
      send({ cmd: "disconnect" }).finally(() => s.end());
      const hardStop = setTimeout(() => s.destroy(), 1000);
      timers.push(hardStop);
    },
  };
}
