/** Where devices download OTA images from (served by `ota-image-download.ts`). */
import type { AppDeps } from "../../deps";

export function otaImageUrl(deps: AppDeps, imageId: string): string {
  return `${deps.config.publicBaseUrl.replace(/\/+$/, "")}/ota/images/${encodeURIComponent(imageId)}`;
}
