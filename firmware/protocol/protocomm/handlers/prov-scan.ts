import { encode } from "../wire";
import { Status, WiFiScanMsgType, WiFiScanPayload } from "../schemas/index";
import type { EndpointHandler } from "../endpoint";
import { decodeRequest } from "./decode-request";
import type { WifiProvisioningTarget } from "./wifi-target";

/** `prov-scan` [spec 6.3 wifi_scan.proto]: ScanStart, ScanStatus, ScanResult. */
export function createProvScanHandler(target: WifiProvisioningTarget): EndpointHandler {
  return (body) => {
    const req = decodeRequest(WiFiScanPayload, body);
    switch (req.msg ?? WiFiScanMsgType.TypeCmdScanStart) {
      case WiFiScanMsgType.TypeCmdScanStart: {
        const c = req.cmd_scan_start ?? {};
        const ok = target.scanStart({
          blocking: c.blocking ?? false,
          passive: c.passive ?? false,
          groupChannels: c.group_channels ?? 0,
          periodMs: c.period_ms ?? 0,
        });
        return encode(WiFiScanPayload, {
          msg: WiFiScanMsgType.TypeRespScanStart,
          status: ok ? Status.Success : Status.InternalError,
          resp_scan_start: {},
        });
      }
      case WiFiScanMsgType.TypeCmdScanStatus: {
        const s = target.scanStatus();
        return encode(WiFiScanPayload, {
          msg: WiFiScanMsgType.TypeRespScanStatus,
          resp_scan_status: { scan_finished: s.finished, result_count: s.count },
        });
      }
      case WiFiScanMsgType.TypeCmdScanResult: {
        const start = req.cmd_scan_result?.start_index ?? 0;
        const count = req.cmd_scan_result?.count ?? 0;
        const available = target.scanStatus().count;
        if (start + count > available) {
          return encode(WiFiScanPayload, {
            msg: WiFiScanMsgType.TypeRespScanResult,
            status: Status.InvalidArgument,
            resp_scan_result: {},
          });
        }
        const entries = target.scanResults(start, count).map((e) => ({
          ssid: e.ssid,
          channel: e.channel,
          rssi: e.rssi,
          bssid: e.bssid,
          auth: e.auth,
        }));
        return encode(WiFiScanPayload, { msg: WiFiScanMsgType.TypeRespScanResult, resp_scan_result: { entries } });
      }
      default:
        throw new Error(`prov-scan: unsupported msg ${req.msg}`);
    }
  };
}
