import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/** Test hooks to simulate a power cut at the worst moments of an atomic write. */
export interface AtomicWriteHooks {
  /** Runs after the temp file is written and synced, before the rename; throw to "cut power" there. */
  beforeRename?: (tempPath: string) => void;
}

/**
 * Replace `path` with `data` so a crash leaves either the old or the new file, never a torn one:
 * write `path.tmp`, fsync it, rename over `path`, fsync the directory.
 */
export function writeFileAtomic(path: string, data: Uint8Array, hooks: AtomicWriteHooks = {}): void {
  const tempPath = `${path}.tmp`;
  const fd = openSync(tempPath, "w");
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  hooks.beforeRename?.(tempPath);
  renameSync(tempPath, path);
  syncDirectory(dirname(path));
}

/** fsync a directory so renames and unlinks in it are durable (best effort where unsupported). */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Directory fsync is not supported on every platform; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
