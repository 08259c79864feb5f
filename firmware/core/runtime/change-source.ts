/**
 * Where a param change came from. The first nine follow the SDK's request sources
 * (`esp_rmaker_req_src_t`) [spec 2.2]; `driver` is a value the hardware reported.
 */
export type ChangeSource =
  | "init"
  | "cloud"
  | "schedule"
  | "scene-activate"
  | "scene-deactivate"
  | "local"
  | "cmd-resp"
  | "firmware"
  | "ble"
  | "driver";

export const ChangeSources: readonly ChangeSource[] = Object.freeze([
  "init", "cloud", "schedule", "scene-activate", "scene-deactivate", "local", "cmd-resp", "firmware", "ble", "driver",
]);
