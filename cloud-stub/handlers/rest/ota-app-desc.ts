/**
 * Reads `version` and `project_name` from an ESP image's `esp_app_desc_t` [spec 7]: at byte 32, magic
 * 0xABCD5432 (little-endian), version[32] at +16, project_name[32] at +48. Null when absent.
 */
export interface AppDescription {
  version: string;
  projectName: string;
}

const AppDesc = Object.freeze({ offset: 32, magic: 0xabcd5432, versionAt: 16, projectAt: 48, fieldLength: 32 });

export function readAppDescription(image: Uint8Array): AppDescription | null {
  const end = AppDesc.offset + AppDesc.projectAt + AppDesc.fieldLength;
  if (image.length < end) return null;
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  if (view.getUint32(AppDesc.offset, true) !== AppDesc.magic) return null;
  const text = (at: number) => {
    const bytes = image.subarray(AppDesc.offset + at, AppDesc.offset + at + AppDesc.fieldLength);
    const nul = bytes.indexOf(0);
    return new TextDecoder().decode(nul < 0 ? bytes : bytes.subarray(0, nul));
  };
  return { version: text(AppDesc.versionAt), projectName: text(AppDesc.projectAt) };
}
