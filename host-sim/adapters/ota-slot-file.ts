import { closeSync, constants, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { syncDirectory } from "./atomic-file";

/**
 * One OTA slot file with a lazily opened handle and a durable high-water mark.
 *
 * Appends are not synced one by one. `sync()` fsyncs the data written so far and then records its
 * length in the mark file `<slot>.synced` ("N\n"): the first N bytes are on disk. The mark is
 * written without its own fsync because it is only ever written after the data it names was
 * synced: whatever version of it survives a crash (old, new, or none) never claims more than is
 * durable. A torn or missing mark reads as 0. Truncating below the mark removes the mark durably
 * first, so a mark never names bytes of an earlier image.
 */
export interface SlotFile {
  /** Bytes in the slot (including any not yet synced). */
  readonly length: number;
  /** Bytes appended since the last sync. */
  readonly unsynced: number;
  truncate(length: number): void;
  /** Append without syncing. */
  append(bytes: Uint8Array): void;
  /** fsync the data if any is unsynced, then record the mark. */
  sync(): void;
  read(offset: number, size: number): Uint8Array;
  /** Boot-time recovery of an interrupted image: keep only the bytes the mark proves durable. */
  keepDurablePrefix(): void;
  /** Drop the mark (the slot no longer holds an image being written); made durable by the caller's directory fsync. */
  forgetMark(): void;
  /** Close the handle; the next append or read reopens it. */
  close(): void;
}

const MarkPattern = /^(\d+)\n$/;

export function openSlotFile(path: string): SlotFile {
  const markPath = `${path.replace(/\.bin$/, "")}.synced`;
  let fd: number | undefined;
  let length = existsSync(path) ? statSync(path).size : 0;
  let synced = length;

  const handle = (): number => {
    fd ??= openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
    return fd;
  };
  const readMark = (): number => {
    if (!existsSync(markPath)) return 0;
    const m = MarkPattern.exec(readFileSync(markPath, "latin1"));
    return m ? Number(m[1]) : 0;
  };

  return {
    get length() {
      return length;
    },
    get unsynced() {
      return length - synced;
    },
    truncate(next) {
      if (existsSync(markPath) && next < readMark()) {
        rmSync(markPath);
        syncDirectory(dirname(markPath));
      }
      ftruncateSync(handle(), next);
      length = next;
      synced = Math.min(synced, next);
    },
    append(bytes) {
      if (bytes.length === 0) return;
      const target = handle();
      let done = 0;
      while (done < bytes.length) done += writeSync(target, bytes, done, bytes.length - done, length + done);
      length += bytes.length;
    },
    sync() {
      if (length === synced) return;
      fsyncSync(handle());
      synced = length;
      writeFileSync(markPath, `${length}\n`);
    },
    read(offset, size) {
      const out = new Uint8Array(size);
      const own = fd === undefined;
      const source = own ? openSync(path, "r") : fd!;
      try {
        let done = 0;
        while (done < size) {
          const n = readSync(source, out, done, size - done, offset + done);
          if (n === 0) break;
          done += n;
        }
      } finally {
        if (own) closeSync(source);
      }
      return out;
    },
    keepDurablePrefix() {
      const durable = Math.min(readMark(), length);
      if (durable < length) truncateSync(path, durable);
      length = durable;
      synced = durable;
    },
    forgetMark() {
      if (existsSync(markPath)) rmSync(markPath);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
