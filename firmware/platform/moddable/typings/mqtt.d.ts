// Legacy MQTT client of the Moddable SDK (modules/network/mqtt/mqtt.js); the SDK ships no typings for it.
declare module "mqtt" {
  export interface MqttWill {
    topic: string;
    message: string | ArrayBuffer;
    retain?: boolean;
    /** Only sets the QoS bits of the CONNECT flags; the client itself is QoS 0. */
    quality?: number;
  }

  export interface MqttClientOptions {
    host: string;
    /** Default 1883 (80 when `path` selects MQTT over WebSocket). */
    port?: number;
    id?: string;
    user?: string;
    password?: string | ArrayBuffer;
    will?: MqttWill;
    /** WebSocket path; presence switches to MQTT over WebSocket. */
    path?: string;
    /** Keep-alive in milliseconds (sent rounded up to seconds). 0 or absent: no keep-alive. */
    timeout?: number;
    /** Socket constructor, e.g. `SecureSocket` for TLS. */
    Socket?: new (options: Record<string, unknown>) => object;
    /** Options handed to `Socket` as its `secure` property. */
    secure?: Record<string, unknown>;
  }

  export interface MqttPublishFlags {
    retain?: boolean;
    /** QoS header bits only: no PUBACK tracking or retry. */
    quality?: number;
    duplicate?: boolean;
  }

  export default class Client {
    constructor(options: MqttClientOptions);
    /** CONNACK accepted (a refused CONNACK closes the client instead). */
    onReady?: () => void;
    onConnected?: () => void;
    /** Payload is always an ArrayBuffer. */
    onMessage?: (topic: string, data: ArrayBuffer) => void;
    /** Called once when the connection fails or ends; no reason is given. */
    onClose?: () => void;
    /** Throws "connection closed" before `onReady`. */
    publish(topic: string, data: string | ArrayBuffer, flags?: MqttPublishFlags): void;
    /** Always requests QoS 0. */
    subscribe(topic: string): void;
    unsubscribe(topic: string): void;
    /**
     * Internal failure path (traces "MQTT FAIL: <message>", calls `onClose`, closes). Messages
     * include "server rejected mqtt request with code N" and "socket error N".
     */
    fail(message?: string): void;
    /** Sends DISCONNECT unless `immediate`, then closes the socket. */
    close(immediate?: boolean): void;
  }
}
