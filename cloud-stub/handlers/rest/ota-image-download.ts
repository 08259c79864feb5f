/**
 * `GET /ota/images/:imageId` (no auth: devices fetch the URL sent in `otaurl` [spec 7]) with single-range
 * `Range: bytes=a-b | a- | -n` support (206 + Content-Range; 416 when unsatisfiable).
 */
import { openSync, readSync, closeSync } from "node:fs";
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";

export interface ByteRange {
  start: number;
  end: number;
}

/** Parses one `bytes=` range against `size`; undefined = no/ignored header, null = unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | null | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return null;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return { start, end };
}

function readSlice(path: string, start: number, length: number): Uint8Array {
  const out = Buffer.alloc(length);
  const fd = openSync(path, "r");
  try {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

export const OtaImageDownloadRoute: RestRoute = {
  method: "GET",
  url: "/ota/images/:imageId",
  auth: "none",
  schema: { params: { type: "object", required: ["imageId"], properties: { imageId: { type: "string", pattern: "^[A-Za-z0-9_-]{1,64}$" } } } },
  handle(req, deps) {
    const image = deps.store.getOtaImage(req.params.imageId!);
    if (!image) throw new ApiError(404, ErrorCodes.OtaImageNotFound, "OTA image not found");
    const rangeHeader = req.headers.range;
    const range = parseRange(Array.isArray(rangeHeader) ? rangeHeader[0] : rangeHeader, image.size);
    const common = { "accept-ranges": "bytes", "content-type": "application/octet-stream" };
    if (range === null) {
      throw new ApiError(416, ErrorCodes.RangeNotSatisfiable, "Range not satisfiable", { "content-range": `bytes */${image.size}` });
    }
    if (range === undefined) return { body: readSlice(image.filePath, 0, image.size), headers: common };
    return {
      status: 206,
      body: readSlice(image.filePath, range.start, range.end - range.start + 1),
      headers: { ...common, "content-range": `bytes ${range.start}-${range.end}/${image.size}` },
    };
  },
};
