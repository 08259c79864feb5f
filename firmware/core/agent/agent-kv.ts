/** The agent's own flash keys (names <= 15 chars, KV_LIMITS). Not erased by a factory reset. */
export const AgentKv = Object.freeze({
  namespace: "xsr_agent",
  /** True while the factory-reset `user/mapping` report is owed [spec 5.1]. */
  resetReport: "reset_rep",
});
