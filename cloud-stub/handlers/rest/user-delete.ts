/**
 * `DELETE /v1/user2?request=true`, then `DELETE /v1/user2?verification_code=C` [cloud-rest-api 1]: deletes
 * the caller with sessions and mappings. ANY non-empty code is accepted locally (no e-mail).
 */
import type { RestRoute } from "./route";
import { callerId } from "./node-access";

export const DeleteUserRoute: RestRoute = {
  method: "DELETE",
  url: "/v1/user2",
  auth: "user",
  schema: {
    querystring: {
      type: "object",
      properties: { request: { type: "string", enum: ["true"] }, verification_code: { type: "string", minLength: 1, maxLength: 64 } },
      anyOf: [{ required: ["request"] }, { required: ["verification_code"] }],
    },
  },
  handle(req, deps) {
    const userId = callerId(req.userId);
    if (req.query.verification_code === undefined) {
      return { body: { status: "success", description: "Verification code sent (local cloud: any code is accepted)" } };
    }
    deps.store.deleteUser(userId);
    deps.log.info("user deleted", { userId });
    return { body: { status: "success", description: "User deleted" } };
  },
};
