import { encode } from "../wire";
import { Status, WiFiConfigMsgType, WiFiConfigPayload, WifiConnectFailedReason, WifiStationState } from "../schemas/index";
import type { MessageValue } from "../schema";
import type { EndpointHandler } from "../endpoint";
import { decodeRequest } from "./decode-request";
import type { WifiProvisioningTarget, WifiStationReport } from "./wifi-target";

type RespGetStatusValue = NonNullable<MessageValue<typeof WiFiConfigPayload>["resp_get_status"]>;

const statusOf = (ok: boolean): number => (ok ? Status.Success : Status.InternalError);

function statusReply(report: WifiStationReport): RespGetStatusValue {
  switch (report.state) {
    case "connecting":
      return report.attemptsRemaining === undefined
        ? { sta_state: WifiStationState.Connecting }
        : { sta_state: WifiStationState.Connecting, attempt_failed: { attempts_remaining: report.attemptsRemaining } };
    case "connected":
      return {
        sta_state: WifiStationState.Connected,
        connected: {
          ip4_addr: report.ip4,
          auth_mode: report.authMode,
          ssid: report.ssid,
          bssid: report.bssid,
          channel: report.channel,
        },
      };
    case "failed":
      return {
        sta_state: WifiStationState.ConnectionFailed,
        fail_reason:
          report.reason === "auth-error" ? WifiConnectFailedReason.AuthError : WifiConnectFailedReason.NetworkNotFound,
      };
    case "disconnected":
      return { sta_state: WifiStationState.Disconnected };
  }
}

/** `prov-config` [spec 6.3 wifi_config.proto]: SetConfig, ApplyConfig, GetStatus. */
export function createProvConfigHandler(target: WifiProvisioningTarget): EndpointHandler {
  return (body) => {
    const req = decodeRequest(WiFiConfigPayload, body);
    switch (req.msg ?? WiFiConfigMsgType.TypeCmdGetStatus) {
      case WiFiConfigMsgType.TypeCmdGetStatus:
        return encode(WiFiConfigPayload, {
          msg: WiFiConfigMsgType.TypeRespGetStatus,
          resp_get_status: { status: Status.Success, ...statusReply(target.getStatus()) },
        });
      case WiFiConfigMsgType.TypeCmdSetConfig: {
        const c = req.cmd_set_config ?? {};
        const ok = target.setConfig({
          ssid: c.ssid ?? new Uint8Array(0),
          passphrase: c.passphrase ?? new Uint8Array(0),
          bssid: c.bssid ?? new Uint8Array(0),
          channel: c.channel ?? 0,
        });
        return encode(WiFiConfigPayload, { msg: WiFiConfigMsgType.TypeRespSetConfig, resp_set_config: { status: statusOf(ok) } });
      }
      case WiFiConfigMsgType.TypeCmdApplyConfig:
        return encode(WiFiConfigPayload, {
          msg: WiFiConfigMsgType.TypeRespApplyConfig,
          resp_apply_config: { status: statusOf(target.applyConfig()) },
        });
      default:
        throw new Error(`prov-config: unsupported msg ${req.msg}`);
    }
  };
}
