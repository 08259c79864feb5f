import SecureSocket from "securesocket";

/** Socket message the SDK sends once the TCP connection is up. */
const SocketConnected = 1;

/**
 * `SecureSocket` that remembers whether its TCP connection came up. Both a refused TCP connection and a
 * failed TLS handshake end in `socket error -2`; only the second one says something about the node's
 * certificate, so the MQTT adapter reports the first as a network failure.
 */
export class ProbedSecureSocket extends SecureSocket {
  transportConnected = false;

  constructor(dictionary: Record<string, unknown>) {
    super(dictionary);
    const raw = this.sock as unknown as { callback: (message: number, value?: number) => void };
    const forward = raw.callback;
    raw.callback = (message, value) => {
      if (message === SocketConnected) this.transportConnected = true;
      forward(message, value);
    };
  }
}
