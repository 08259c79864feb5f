import { encode } from "../wire";
import { RMakerConfigMsgType, RMakerConfigPayload, RMakerConfigStatus } from "../schemas/index";
import type { EndpointHandler } from "../endpoint";
import { decodeRequest } from "./decode-request";

/** Hook for the legacy user-node association [spec 5.1]. */
export interface UserMappingHooks {
  /**
   * Receives the user id and secret key. Returns the node id on success, or an
   * `RMakerConfigStatus` value (InvalidParam / InvalidState) to refuse.
   */
  onUserMapping(userId: string, secretKey: string): { readonly nodeId: string } | { readonly status: number };
}

/** `cloud_user_assoc` endpoint [spec 5.1, vectors README rule 9]. */
export function createUserMappingHandler(hooks: UserMappingHooks): EndpointHandler {
  return (body) => {
    const req = decodeRequest(RMakerConfigPayload, body);
    if ((req.msg ?? 0) !== RMakerConfigMsgType.TypeCmdSetUserMapping) {
      throw new Error(`cloud_user_assoc: unsupported msg ${req.msg}`);
    }
    const cmd = req.cmd_set_user_mapping;
    const result =
      cmd && cmd.UserID
        ? hooks.onUserMapping(cmd.UserID, cmd.SecretKey ?? "")
        : { status: RMakerConfigStatus.InvalidParam };
    return encode(RMakerConfigPayload, {
      msg: RMakerConfigMsgType.TypeRespSetUserMapping,
      resp_set_user_mapping:
        "nodeId" in result ? { Status: RMakerConfigStatus.Success, NodeId: result.nodeId } : { Status: result.status },
    });
  };
}
