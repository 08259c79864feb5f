import SecureSocket from "securesocket";

/** Socket message the SDK sends when bytes arrived. */
const SocketReadable = 2;

/**
 * `SecureSocket` that remembers whether the server sent anything. A refused TCP connection and a failed
 * TLS handshake both end in `socket error -2` (and on `lin` a refused connect is even reported as
 * connected first); only a server that answered can have refused the node's certificate, so the MQTT
 * adapter reports the other failures as network failures.
 */
export class ProbedSecureSocket extends SecureSocket {
  peerAnswered = false;

  constructor(dictionary: Record<string, unknown>) {
    super(dictionary);
    const raw = this.sock as unknown as { callback: (message: number, value?: number) => void };
    const forward = raw.callback;
    raw.callback = (message, value) => {
      if (message === SocketReadable) this.peerAnswered = true;
      forward(message, value);
    };
  }
}
