import Client, { type MqttClientOptions } from "mqtt";
import { Socket } from "socket";
import Timer from "timer";
import type { LogPort } from "../../ports/log";
import type { MqttClient, MqttCloseReason, MqttPort, TlsClientOptions } from "../../ports/mqtt";
import { fromArrayBuffer, messageOf, toArrayBuffer } from "./buffers";
import { drainingSocketClass, type StreamSocket, type StreamSocketClass } from "./draining-socket";
import { reasonOf } from "./mqtt-close-reason";
import { ProbedSecureSocket } from "./probed-secure-socket";

/** Options for {@link createMqtt}. */
export interface ModdableMqttOptions {
  log: LogPort;
}

/** TLS 1.2 is the newest version the SDK's TLS stack speaks. */
const Tls12 = 0x303;
/** Bytes of MQTT packets waiting for room in the socket: more than the largest node config. */
const MaxQueuedBytes = 16 * 1024;
/** The client writes each packet in one call; these sockets take it in pieces as the TCP buffer drains. */
const QueuedSecureSocket = drainingSocketClass(ProbedSecureSocket as unknown as StreamSocketClass, MaxQueuedBytes);
const QueuedSocket = drainingSocketClass(Socket as unknown as StreamSocketClass, MaxQueuedBytes);

/** The `secure` dictionary of `SecureSocket` for mutual TLS. */
export function secureOptions(tls: Partial<TlsClientOptions> & { ca: Uint8Array[] }): Record<string, unknown> {
  if (tls.ca.length === 0) throw new Error("TLS needs the CA certificate of the server");
  const secure: Record<string, unknown> = {
    protocolVersion: Tls12,
    certificate: toArrayBuffer(tls.ca[0]!),
  };
  if (tls.key) secure["clientKey"] = toArrayBuffer(tls.key);
  if (tls.certificates && tls.certificates.length > 0) secure["clientCertificates"] = tls.certificates.map(toArrayBuffer);
  if (tls.serverName) secure["tls_server_name"] = tls.serverName;
  if (tls.alpn && tls.alpn.length > 0) secure["applicationLayerProtocolNegotiation"] = tls.alpn.length === 1 ? tls.alpn[0] : tls.alpn;
  return secure;
}

/** The socket under the client's queue; the client drops its `ws` reference before it reports a failure. */
function socketOf(client: Client): (StreamSocket & { peerAnswered?: boolean }) | undefined {
  return (client as unknown as { ws?: { socket?: StreamSocket } }).ws?.socket;
}

/**
 * {@link MqttPort} on the SDK's legacy `mqtt` client, over `SecureSocket` when TLS options are
 * given. That client is QoS 0 only and always starts a clean session, so `maxQos` is 0:
 * QoS 1 publishes go out as QoS 0 and subscriptions are granted at QoS 0.
 */
export function createMqtt(options: ModdableMqttOptions): MqttPort {
  const { log } = options;
  return {
    maxQos: 0,
    connect(connect, events): MqttClient {
      const dictionary: MqttClientOptions = {
        host: connect.host,
        port: connect.port,
        id: connect.clientId,
        timeout: connect.keepAliveS * 1000,
      };
      if (connect.username !== undefined) dictionary.user = connect.username;
      if (connect.will) dictionary.will = { topic: connect.will.topic, message: toArrayBuffer(connect.will.payload), retain: connect.will.retain, quality: 0 };
      dictionary.Socket = (connect.tls ? QueuedSecureSocket : QueuedSocket) as unknown as NonNullable<MqttClientOptions["Socket"]>;
      if (connect.tls) dictionary.secure = secureOptions(connect.tls);
      if (connect.cleanSession === false) log.log("warn", "mqtt", "persistent sessions are not supported by the Moddable client; connecting with a clean session");

      let state: "connecting" | "open" | "closed" = "connecting";
      let wasOpen = false;
      let failure: string | undefined;
      let closedByUs = false;
      const finish = (reason: MqttCloseReason): void => {
        if (state === "closed") return;
        state = "closed";
        events.onClose(reason);
      };
      let client: Client;
      try {
        client = new Client(dictionary);
      } catch (error) {
        // e.g. SecureSocket refusing the key or certificates: report it as a close, never throw.
        const message = messageOf(error);
        log.log("error", "mqtt", `cannot connect to ${connect.host}:${connect.port}: ${message}`);
        Timer.set(() => finish({ type: connect.tls ? "tls" : "network", message }), 0);
        const refuse = (): Promise<void> => Promise.reject(new Error(`MQTT connection failed: ${message}`));
        return { publish: refuse, subscribe: refuse, close: () => finish({ type: "closed" }) };
      }
      const socket = socketOf(client);
      // Record why the client gives up. `fail` lives on a frozen (preloaded) prototype, so it is
      // shadowed with defineProperty: plain assignment throws there.
      const fail = client.fail.bind(client);
      Object.defineProperty(client, "fail", {
        value: (message?: string) => {
          failure ??= message ?? "";
          fail(message);
        },
      });
      client.onReady = () => {
        if (state !== "connecting") return;
        state = "open";
        wasOpen = true;
        // The legacy client does not report the session-present flag; it always asks for a clean session.
        events.onConnect(false);
      };
      client.onMessage = (topic, data) => {
        if (state === "open") events.onMessage(topic, fromArrayBuffer(data));
      };
      client.onClose = () => {
        finish(closedByUs ? { type: "closed" } : reasonOf(failure, { tls: connect.tls !== undefined, peerAnswered: socket?.peerAnswered === true, wasOpen }));
      };

      function send(action: () => void): Promise<void> {
        if (state !== "open") return Promise.reject(new Error(state === "closed" ? "MQTT connection closed" : "MQTT connection not ready"));
        try {
          action();
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(new Error(`MQTT write failed: ${messageOf(error)}`));
        }
      }

      return {
        publish(topic, payload, flags) {
          return send(() => client.publish(topic, toArrayBuffer(payload), { retain: flags?.retain === true, quality: 0 }));
        },
        subscribe(filters) {
          // the legacy client writes one SUBSCRIBE per topic
          return send(() => {
            for (const filter of typeof filters === "string" ? [filters] : filters) client.subscribe(filter);
          });
        },
        close() {
          if (state === "closed") return;
          closedByUs = true;
          try {
            client.close();
          } catch (error) {
            log.log("warn", "mqtt", `close: ${messageOf(error)}`);
          }
          finish({ type: "closed" });
        },
      };
    },
  };
}

