/** TLS material for a mutual-TLS connection. All certificates and keys are DER. */
export interface TlsClientOptions {
  /** CA certificate(s) that sign the server certificate. */
  ca: Uint8Array[];
  /** Client certificate chain, leaf first. */
  certificates: Uint8Array[];
  /** Client private key, PKCS#8 DER (Moddable's TLS signs only with RSA keys). */
  key: Uint8Array;
  /** Name checked against the server certificate (SNI); defaults to the host. */
  serverName?: string;
  /** ALPN protocol names, e.g. `x-amzn-mqtt-ca` on port 443 [spec 3.1]. */
  alpn?: string[];
}

export type MqttQos = 0 | 1;

export interface MqttConnectOptions {
  host: string;
  port: number;
  /** The node id [spec 3.1]. */
  clientId: string;
  username?: string;
  /** Keep-alive in seconds (RainMaker default 120). */
  keepAliveS: number;
  cleanSession?: boolean;
  tls?: TlsClientOptions;
  will?: { topic: string; payload: Uint8Array; qos: MqttQos; retain: boolean };
}

/** Why a connection ended, as far as the client can tell. */
export type MqttCloseReason =
  | { type: "refused"; returnCode: number }
  | { type: "tls"; message: string }
  | { type: "network"; message: string }
  | { type: "closed" };

export interface MqttEvents {
  /** CONNACK accepted. `sessionPresent` as the broker reported it. */
  onConnect(sessionPresent: boolean): void;
  /** An inbound PUBLISH on a subscribed topic. */
  onMessage(topic: string, payload: Uint8Array): void;
  /** The connection is gone (or never came up); the client object is dead afterwards. */
  onClose(reason: MqttCloseReason): void;
}

/** One live MQTT connection. */
export interface MqttClient {
  /**
   * Publish. For QoS 1 the promise resolves at PUBACK; for QoS 0 once written.
   * When the port's {@link MqttPort.maxQos} is 0, a QoS 1 request is sent as QoS 0.
   * Rejects if the connection closes first.
   */
  publish(topic: string, payload: Uint8Array, options?: { qos?: MqttQos; retain?: boolean }): Promise<void>;
  /**
   * Subscribe to one filter or several at once; resolves at SUBACK (or at once on QoS-0-only
   * clients) and rejects if the broker refused any of them. Several filters go out in one SUBSCRIBE
   * where the client can (AWS IoT meters one message for it); Moddable's legacy `mqtt` sends one per filter.
   */
  subscribe(filters: string | readonly string[], qos?: MqttQos): Promise<void>;
  /** Close the connection (DISCONNECT then socket close). `onClose` follows with `closed`. */
  close(): void;
}

/**
 * MQTT 3.1.1 client. Moddable: `mqtt` (QoS 0 only) or `embedded:network/mqtt/client`;
 * host: mqtt-packet over node:tls.
 */
export interface MqttPort {
  /** Highest QoS this client really implements (0 for Moddable's legacy `mqtt`). */
  readonly maxQos: MqttQos;
  /** Open a connection; outcome arrives on `events`. */
  connect(options: MqttConnectOptions, events: MqttEvents): MqttClient;
}
