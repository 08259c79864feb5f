export { createOtaAgent } from "./ota-agent";
export type { OtaAgent, OtaAgentOptions, OtaAgentState, OtaPublish } from "./ota-agent";
export type { OtaConfig } from "./ota-config";
export { OtaDefaults } from "./ota-config";
export type { OtaPorts } from "./download";
export { OtaFailureText } from "./image-checks";
