import { encode } from "../wire";
import { RMakerChRespMsgType, RMakerChRespPayload, RMakerChRespStatus } from "../schemas/index";
import type { EndpointHandler } from "../endpoint";
import { decodeRequest } from "./decode-request";

/** Hooks for challenge-response user-node association [spec 5.2]. */
export interface ChallengeResponseHooks {
  nodeId(): string;
  /** False once disabled (then challenges answer status Disabled). */
  enabled(): boolean;
  /** Signs the challenge with the node key; undefined answers status Fail. */
  sign(challenge: Uint8Array): Uint8Array | undefined;
  disable(): void;
}

/** `ch_resp` endpoint [spec 5.2]. */
export function createChallengeResponseHandler(hooks: ChallengeResponseHooks): EndpointHandler {
  return (body) => {
    const req = decodeRequest(RMakerChRespPayload, body);
    switch (req.msg ?? RMakerChRespMsgType.TypeCmdChallengeResponse) {
      case RMakerChRespMsgType.TypeCmdChallengeResponse: {
        const msg = RMakerChRespMsgType.TypeRespChallengeResponse;
        if (!hooks.enabled()) {
          return encode(RMakerChRespPayload, { msg, status: RMakerChRespStatus.Disabled, respChallengeResponsePayload: {} });
        }
        const challenge = req.cmdChallengeResponsePayload?.payload;
        if (!challenge || challenge.length === 0) {
          return encode(RMakerChRespPayload, { msg, status: RMakerChRespStatus.InvalidParam, respChallengeResponsePayload: {} });
        }
        const signature = hooks.sign(challenge);
        if (!signature) {
          return encode(RMakerChRespPayload, { msg, status: RMakerChRespStatus.Fail, respChallengeResponsePayload: {} });
        }
        return encode(RMakerChRespPayload, {
          msg,
          status: RMakerChRespStatus.Success,
          respChallengeResponsePayload: { payload: signature, node_id: hooks.nodeId() },
        });
      }
      case RMakerChRespMsgType.TypeCmdGetNodeID:
        return encode(RMakerChRespPayload, {
          msg: RMakerChRespMsgType.TypeRespGetNodeID,
          respGetNodeIDPayload: { node_id: hooks.nodeId() },
        });
      case RMakerChRespMsgType.TypeCmdDisableChalResp:
        hooks.disable();
        return encode(RMakerChRespPayload, {
          msg: RMakerChRespMsgType.TypeRespDisableChalResp,
          respDisableChalRespPayload: {},
        });
      default:
        throw new Error(`ch_resp: unsupported msg ${req.msg}`);
    }
  };
}
