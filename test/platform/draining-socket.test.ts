/** Large MQTT packets through a socket with little transmit room, as SecureSocket on the lin target. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { drainingSocketClass, SocketWritable, type StreamSocket } from "../../firmware/platform/moddable/draining-socket";

/** Behaves like the SDK socket: `write()` tells the room, a larger write throws, room comes back on `drain`. */
class TightSocket implements StreamSocket {
  static last: TightSocket | undefined;
  callback: ((message: number, value?: number) => void) | undefined;
  readonly sent: number[] = [];
  readonly writes: number[] = [];
  room: number;
  closed = false;

  constructor(readonly dictionary: Record<string, unknown>) {
    this.room = Number(dictionary["room"]);
    TightSocket.last = this;
  }
  write(...data: (ArrayBuffer | ArrayBufferView)[]): number | void {
    if (data.length === 0) return this.room;
    const bytes = new Uint8Array(data[0] as ArrayBuffer);
    if (bytes.length > this.room) throw new Error("can't write all data");
    this.room -= bytes.length;
    this.writes.push(bytes.length);
    this.sent.push(...bytes);
  }
  read(): unknown {
    return "read";
  }
  close(): void {
    this.closed = true;
  }
  drain(room: number): void {
    this.room = room;
    this.callback?.(SocketWritable, room);
  }
}

const Draining = drainingSocketClass(TightSocket, 4096);

function open(room: number): { socket: StreamSocket; inner: TightSocket; messages: number[] } {
  const socket = new Draining({ room });
  const messages: number[] = [];
  socket.callback = (message) => messages.push(message);
  return { socket, inner: TightSocket.last!, messages };
}

describe("drainingSocketClass (Moddable MQTT socket)", () => {
  it("writes a packet larger than the room in pieces as the socket drains", () => {
    const { socket, inner, messages } = open(896);
    const packet = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    socket.write(packet.buffer);
    assert.deepEqual(inner.writes, [896]);
    inner.drain(896);
    inner.drain(896);
    assert.deepEqual(inner.writes, [896, 896, 708]);
    assert.deepEqual(Uint8Array.from(inner.sent), packet);
    assert.deepEqual(messages, [SocketWritable], "room reaches the user only once the queue is empty");
  });

  it("passes other socket messages and reads straight through", () => {
    const { socket, inner, messages } = open(100);
    inner.callback?.(1);
    inner.callback?.(2, 10);
    assert.deepEqual(messages, [1, 2]);
    assert.equal(socket.read(ArrayBuffer), "read");
    socket.close();
    assert.equal(inner.closed, true);
  });

  it("refuses a write beyond the queue limit with a clear error and keeps what was queued", () => {
    const { socket, inner } = open(0);
    socket.write(new Uint8Array(4000));
    assert.throws(() => socket.write(new Uint8Array(200)), /socket send queue full: 4000 bytes waiting, 200 more would pass the 4096-byte limit/);
    inner.drain(5000);
    assert.equal(inner.sent.length, 4000);
    assert.equal(socket.write(), 1000, "room is reported once the queue is empty");
  });

  it("sends every byte once, in order, and never more than the room, for any packets and rooms", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 1500 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 1200 }), { minLength: 1, maxLength: 40 }),
        (packets, rooms) => {
          const { socket, inner } = open(rooms[0]!);
          const expected: number[] = [];
          let roomIndex = 1;
          for (const packet of packets) {
            try {
              socket.write(packet.buffer);
              expected.push(...packet);
            } catch (error) {
              assert.match((error as Error).message, /socket send queue full/);
            }
            inner.drain(rooms[roomIndex++ % rooms.length]!);
          }
          for (let i = 0; i < 20; i++) inner.drain(1200);
          assert.deepEqual(inner.sent, expected);
        },
      ),
    );
  });
});
