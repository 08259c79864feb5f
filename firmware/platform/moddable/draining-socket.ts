/** Socket message the SDK's `socket` and `securesocket` send when the transmit buffer has room. */
export const SocketWritable = 3;

/** The part of the SDK's `Socket` / `SecureSocket` that the `mqtt` client uses. */
export interface StreamSocket {
  callback?: ((message: number, value?: number) => void) | undefined;
  /** With no argument: bytes writable now. With data: writes all of it, or throws. */
  write(...data: (ArrayBuffer | ArrayBufferView)[]): number | void;
  read(...args: unknown[]): unknown;
  close(): void;
}

export type StreamSocketClass = new (dictionary: Record<string, unknown>) => StreamSocket;

function bytesOf(data: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/**
 * A socket class whose `write` takes a packet of any size up to `maxQueuedBytes` in flight.
 * `SecureSocket` refuses (`can't write all data`) one write larger than its free transmit space:
 * 896 bytes on `lin`, about TCP_SND_BUF less 128 on esp32. What does not fit now is queued and written
 * in pieces each time the socket reports room; that room message reaches the user only once the
 * queue is empty. Order is kept; a write beyond the limit throws and leaves the queue as it was.
 */
export function drainingSocketClass(Inner: StreamSocketClass, maxQueuedBytes: number): StreamSocketClass {
  return class DrainingSocket implements StreamSocket {
    callback: ((message: number, value?: number) => void) | undefined;
    readonly #inner: StreamSocket;
    readonly #queue: Uint8Array[] = [];
    #queued = 0;

    constructor(dictionary: Record<string, unknown>) {
      this.#inner = new Inner(dictionary);
      this.#inner.callback = (message, value) => {
        if (message === SocketWritable) {
          this.#drain();
          if (this.#queued > 0) return;
        }
        this.callback?.(message, value);
      };
    }

    write(...data: (ArrayBuffer | ArrayBufferView)[]): number | void {
      if (data.length === 0) return this.#queued > 0 ? 0 : this.#inner.write();
      const pieces = data.map(bytesOf);
      const size = pieces.reduce((sum, piece) => sum + piece.length, 0);
      if (this.#queued + size > maxQueuedBytes) {
        throw new Error(`socket send queue full: ${this.#queued} bytes waiting, ${size} more would pass the ${maxQueuedBytes}-byte limit`);
      }
      for (const piece of pieces) {
        if (piece.length === 0) continue;
        this.#queue.push(piece.slice());
        this.#queued += piece.length;
      }
      this.#drain();
    }

    /** The wrapped socket. */
    get socket(): StreamSocket {
      return this.#inner;
    }

    read(...args: unknown[]): unknown {
      return this.#inner.read(...args);
    }

    close(): void {
      this.#queue.length = 0;
      this.#queued = 0;
      this.#inner.close();
    }

    /** Writes as much of the queue as the socket takes now, in one piece per call. */
    #drain(): void {
      while (this.#queued > 0) {
        const room = Number(this.#inner.write());
        if (!(room > 0)) return;
        const size = Math.min(room, this.#queued);
        const piece = new Uint8Array(size);
        let filled = 0;
        for (let index = 0; filled < size; index++) {
          const head = this.#queue[index]!;
          const take = Math.min(head.length, size - filled);
          piece.set(head.subarray(0, take), filled);
          filled += take;
        }
        this.#inner.write(piece.buffer);
        this.#consume(size);
      }
    }

    /** Drops `size` written bytes from the front of the queue. */
    #consume(size: number): void {
      this.#queued -= size;
      while (size > 0) {
        const head = this.#queue[0]!;
        if (head.length <= size) {
          this.#queue.shift();
          size -= head.length;
        } else {
          this.#queue[0] = head.subarray(size);
          size = 0;
        }
      }
    }
  };
}
