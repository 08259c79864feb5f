import { encode } from "../wire";
import { Status, WiFiCtrlMsgType, WiFiCtrlPayload } from "../schemas/index";
import type { EndpointHandler } from "../endpoint";
import { decodeRequest } from "./decode-request";
import type { WifiProvisioningTarget } from "./wifi-target";

/** `prov-ctrl` [spec 6.3 wifi_ctrl.proto, vectors README rule 8]: CtrlReset, CtrlReprov. */
export function createProvCtrlHandler(target: WifiProvisioningTarget): EndpointHandler {
  return (body) => {
    const req = decodeRequest(WiFiCtrlPayload, body);
    switch (req.msg ?? WiFiCtrlMsgType.TypeCtrlReserved) {
      case WiFiCtrlMsgType.TypeCmdCtrlReset:
        return encode(WiFiCtrlPayload, {
          msg: WiFiCtrlMsgType.TypeRespCtrlReset,
          status: target.reset() ? Status.Success : Status.InternalError,
          resp_ctrl_reset: {},
        });
      case WiFiCtrlMsgType.TypeCmdCtrlReprov:
        return encode(WiFiCtrlPayload, {
          msg: WiFiCtrlMsgType.TypeRespCtrlReprov,
          status: target.reprovision() ? Status.Success : Status.InternalError,
          resp_ctrl_reprov: {},
        });
      default:
        throw new Error(`prov-ctrl: unsupported msg ${req.msg}`);
    }
  };
}
