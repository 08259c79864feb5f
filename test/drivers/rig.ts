export { createRig, settle } from "../core/rig";
export type { Rig } from "../core/rig";
