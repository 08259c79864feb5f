/**
 * `POST /v1/user/otaimage`: stores a firmware image under `<dataDir>/ota-images/`. Body either JSON
 * `{"image_name","base64_fwimage"[,"fw_version"]}` (the CLI's historical form [spec 7]) or raw bytes with
 * `?image_name=&fw_version=`. A signed xs-rainmaker image (magic `XSRO`) must be valid (manifest, size,
 * SHA-256) and gives the version; otherwise the version defaults to the image's `esp_app_desc_t` version.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ApiError } from "./route";
import type { RestRoute } from "./route";
import { ErrorCodes } from "./error-codes";
import { callerId } from "./node-access";
import { readAppDescription } from "./ota-app-desc";
import { checkXsImage, isXsImage } from "./ota-image-parse";
import { otaImageUrl } from "./ota-urls";

interface JsonUpload {
  image_name?: unknown;
  base64_fwimage?: unknown;
  fw_version?: unknown;
}

const Base64 = /^[A-Za-z0-9+/]*={0,2}$/;

function parseUpload(body: unknown, query: Record<string, string | undefined>): { name: string; version?: string; bytes: Uint8Array } {
  if (body instanceof Uint8Array) {
    if (!query.image_name) throw new ApiError(400, ErrorCodes.BadRequest, "image_name query parameter missing");
    return { name: query.image_name, version: query.fw_version, bytes: body };
  }
  const json = (body ?? {}) as JsonUpload;
  if (typeof json.image_name !== "string" || json.image_name === "" || typeof json.base64_fwimage !== "string") {
    throw new ApiError(400, ErrorCodes.BadRequest, "image_name and base64_fwimage are required");
  }
  const compact = json.base64_fwimage.replace(/\s+/g, "");
  if (!Base64.test(compact) || compact.length % 4 === 1) throw new ApiError(400, ErrorCodes.BadRequest, "base64_fwimage is not base64");
  return {
    name: json.image_name,
    version: typeof json.fw_version === "string" ? json.fw_version : undefined,
    bytes: Buffer.from(compact, "base64"),
  };
}

export const OtaImageUploadRoute: RestRoute = {
  method: "POST",
  url: "/v1/user/otaimage",
  auth: "user",
  rawBody: true,
  bodyLimit: (deps) => Math.ceil((deps.config.otaUploadLimitBytes * 4) / 3) + 4096,
  schema: {
    querystring: {
      type: "object",
      properties: { image_name: { type: "string", minLength: 1, maxLength: 128 }, fw_version: { type: "string", maxLength: 32 } },
    },
  },
  handle(req, deps) {
    callerId(req.userId);
    const upload = parseUpload(req.body, req.query);
    if (upload.bytes.length === 0) throw new ApiError(400, ErrorCodes.BadRequest, "image is empty");
    if (upload.bytes.length > deps.config.otaUploadLimitBytes) throw new ApiError(413, ErrorCodes.BodyTooLarge, "image too large");
    let version = upload.version ?? readAppDescription(upload.bytes)?.version ?? "";
    let project: string | undefined;
    if (isXsImage(upload.bytes)) {
      let manifest;
      try {
        manifest = checkXsImage(upload.bytes);
      } catch (error) {
        throw new ApiError(400, ErrorCodes.BadRequest, `invalid OTA image: ${(error as Error).message}`);
      }
      if (upload.version !== undefined && upload.version !== manifest.version) {
        throw new ApiError(400, ErrorCodes.BadRequest, `fw_version ${upload.version} differs from the signed manifest's ${manifest.version}`);
      }
      version = manifest.version;
      project = manifest.project;
    }
    const imageId = `OTAIMG${String(deps.store.nextSequence("ota_image")).padStart(10, "0")}`;
    const dir = resolve(deps.config.dataDir, "ota-images");
    mkdirSync(dir, { recursive: true });
    const filePath = join(dir, `${imageId}.bin`);
    writeFileSync(filePath, upload.bytes);
    const sha256 = createHash("sha256").update(upload.bytes).digest("hex");
    deps.store.createOtaImage({ imageId, name: upload.name, version, size: upload.bytes.length, sha256, filePath, createdAt: deps.clock.now() });
    return {
      body: {
        status: "success",
        image_id: imageId,
        image_url: otaImageUrl(deps, imageId),
        fw_version: version,
        size: upload.bytes.length,
        sha256,
        ...(project === undefined ? {} : { project_name: project }),
      },
    };
  },
};
