import type { ParamsDocument } from "../../protocol/rainmaker/description";

/** A param (or a whole device entry) left out of a write, and why. */
export interface WriteRejection {
  device: string;
  /** Absent when the whole device entry was refused. */
  param?: string;
  reason: string;
}

/** A decoded remote set (shape of `decodeRemoteSet` in `protocol/rainmaker/params`) [spec 2.2]. */
export interface RemoteSet {
  accepted: ParamsDocument;
  rejected: readonly WriteRejection[];
}

/** Outcome of applying a write. */
export interface ApplyResult {
  /** Values applied, to report back at once [spec 2.2 step 5]; `{}` when none. */
  echo: ParamsDocument;
  /** Everything refused: by the decoder, by the model, or by a driver that threw. */
  rejected: WriteRejection[];
}
