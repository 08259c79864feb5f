import type { ParamRejection, ParamsDecodeResult } from "../../protocol/rainmaker/params";
import type { ParamsDocument } from "../../protocol/rainmaker/description";

/** A param (or a whole device entry, `param` absent) left out of a write, and why. */
export type WriteRejection = ParamRejection;

/** A decoded remote set: what `decodeRemoteSet` in `protocol/rainmaker/params` returns [spec 2.2]. */
export type RemoteSet = Pick<ParamsDecodeResult, "accepted" | "rejected" | "error">;

/** Outcome of applying a write. */
export interface ApplyResult {
  /** Values applied, to report back at once [spec 2.2 step 5]; `{}` when none. */
  echo: ParamsDocument;
  /** Everything refused: by the decoder, by the model, or by a driver that threw. */
  rejected: WriteRejection[];
}
