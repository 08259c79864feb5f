import { utf8Decode, utf8Encode } from "../../bytes";
import { decode, encode } from "../wire";
import type { MessageSchema } from "../schema";
import { enumValueName } from "../schema";
import {
  RMakerChRespMsgType,
  RMakerChRespPayload,
  RMakerChRespStatus,
  RMakerConfigMsgType,
  RMakerConfigPayload,
  RMakerConfigStatus,
  Status,
  WiFiConfigMsgType,
  WiFiConfigPayload,
  WifiConnectFailedReason,
  WiFiCtrlMsgType,
  WiFiCtrlPayload,
  WiFiScanMsgType,
  WiFiScanPayload,
  WifiStationState,
} from "../schemas/index";
import { ProtocommEndpoint } from "../protocomm";
import type { ClientSecurity } from "./client-security";
import { parseProtoVersion, type DeviceVersionInfo } from "./proto-version";
import type { ProvTransport } from "./transport";

/** One access point from `prov-scan`. */
export interface ScannedNetwork {
  readonly ssid: string;
  readonly bssid: Uint8Array;
  readonly channel: number;
  readonly rssi: number;
  /** `WifiAuthMode` value. */
  readonly auth: number;
}

/** A `prov-config` GetStatus answer. */
export type DeviceWifiStatus =
  | { readonly state: "connecting"; readonly attemptsRemaining?: number }
  | { readonly state: "connected"; readonly ip: string; readonly ssid: string; readonly channel: number; readonly auth: number }
  | { readonly state: "failed"; readonly reason: "auth-error" | "network-not-found" }
  | { readonly state: "disconnected" };

export interface ProvClientOptions {
  readonly transport: ProvTransport;
  readonly security: ClientSecurity;
  /** Waits between polls (the client has no timers of its own). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** Thrown when the device answers a step with a non-success status. */
export class DeviceRefusedError extends Error {
  // A class field defines an own property; assigning `this.name` throws on a board, where
  // Error.prototype is preloaded and frozen (the override mistake).
  override readonly name = "DeviceRefusedError";
  constructor(step: string, readonly status: string) {
    super(`${step}: device answered ${status}`);
  }
}

/** Endpoint names the client talks to [spec 6.1, 5]. */
export const ProvisioningEndpoints = Object.freeze({
  Scan: ProtocommEndpoint.Scan,
  Config: ProtocommEndpoint.Config,
  Ctrl: ProtocommEndpoint.Ctrl,
  UserMapping: "cloud_user_assoc",
  ChallengeResponse: "ch_resp",
  Claim: "rmaker_claim",
});

// Request shapes follow esp_prov byte for byte (e.g. ApplyConfig and CtrlReset carry only `msg`),
// as the recorded vectors show.

/** Page size esp_prov uses for scan results (BLE values are at most 512 bytes) [spec 6.3]. */
const SCAN_PAGE = 4;

/**
 * The phone-app side of provisioning over any transport: `proto-ver`, session, scan, config,
 * status polling, ctrl, and the RainMaker user-mapping endpoints [spec 6.7 typical order].
 */
export class ProvClient {
  private readonly transport: ProvTransport;
  private readonly security: ClientSecurity;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ProvClientOptions) {
    this.transport = options.transport;
    this.security = options.security;
    this.sleep = options.sleep;
  }

  /** `proto-ver` with esp_prov's probe word `---`. */
  async protoVersion(): Promise<{ text: string; info: DeviceVersionInfo }> {
    const text = utf8Decode(await this.transport.send(ProtocommEndpoint.ProtoVer, utf8Encode("---")));
    return { text, info: parseProtoVersion(text) };
  }

  startSession(): Promise<void> {
    return this.security.establish(this.transport);
  }

  private async call<T>(endpoint: string, schema: MessageSchema<T>, request: T): Promise<T> {
    const reply = await this.transport.send(endpoint, this.security.encrypt(encode(schema, request)));
    const r = decode(schema, this.security.decrypt(reply));
    if (!r.ok) throw new Error(`${endpoint}: malformed reply (${r.error.message})`);
    return r.value;
  }

  private static check(step: string, status: number | undefined): void {
    const s = status ?? Status.Success;
    if (s !== Status.Success) throw new DeviceRefusedError(step, enumValueName(Status, s) ?? String(s));
  }

  /** Blocking scan as esp_prov asks it, polled until finished, results read in pages of 4. */
  async scan(options: { pollMs?: number; maxPolls?: number } = {}): Promise<ScannedNetwork[]> {
    const start = await this.call(ProvisioningEndpoints.Scan, WiFiScanPayload, {
      msg: WiFiScanMsgType.TypeCmdScanStart,
      cmd_scan_start: { blocking: true, passive: false, group_channels: 5, period_ms: 120 },
    });
    ProvClient.check("scan start", start.status);
    let count = 0;
    for (let poll = 0; ; poll++) {
      const s = await this.call(ProvisioningEndpoints.Scan, WiFiScanPayload, { msg: WiFiScanMsgType.TypeCmdScanStatus });
      ProvClient.check("scan status", s.status);
      if (s.resp_scan_status?.scan_finished) {
        count = s.resp_scan_status.result_count ?? 0;
        break;
      }
      if (poll + 1 >= (options.maxPolls ?? 30)) throw new Error("scan did not finish in time");
      await this.sleep(options.pollMs ?? 500);
    }
    const out: ScannedNetwork[] = [];
    for (let i = 0; i < count; i += SCAN_PAGE) {
      const page = await this.call(ProvisioningEndpoints.Scan, WiFiScanPayload, {
        msg: WiFiScanMsgType.TypeCmdScanResult,
        cmd_scan_result: { start_index: i, count: Math.min(SCAN_PAGE, count - i) },
      });
      ProvClient.check("scan result", page.status);
      for (const e of page.resp_scan_result?.entries ?? []) {
        out.push({
          ssid: utf8Decode(e.ssid ?? new Uint8Array(0)),
          bssid: e.bssid ?? new Uint8Array(0),
          channel: e.channel ?? 0,
          rssi: e.rssi ?? 0,
          auth: e.auth ?? 0,
        });
      }
    }
    return out;
  }

  async setConfig(ssid: string, passphrase: string): Promise<void> {
    const r = await this.call(ProvisioningEndpoints.Config, WiFiConfigPayload, {
      msg: WiFiConfigMsgType.TypeCmdSetConfig,
      cmd_set_config: { ssid: utf8Encode(ssid), passphrase: utf8Encode(passphrase) },
    });
    ProvClient.check("set config", r.resp_set_config?.status);
  }

  async applyConfig(): Promise<void> {
    const r = await this.call(ProvisioningEndpoints.Config, WiFiConfigPayload, { msg: WiFiConfigMsgType.TypeCmdApplyConfig });
    ProvClient.check("apply config", r.resp_apply_config?.status);
  }

  async getStatus(): Promise<DeviceWifiStatus> {
    const r = await this.call(ProvisioningEndpoints.Config, WiFiConfigPayload, { msg: WiFiConfigMsgType.TypeCmdGetStatus, cmd_get_status: {} });
    const s = r.resp_get_status;
    if (!s) throw new Error("get status: reply lacks resp_get_status");
    ProvClient.check("get status", s.status);
    switch (s.sta_state ?? WifiStationState.Connected) {
      case WifiStationState.Connected:
        return {
          state: "connected",
          ip: s.connected?.ip4_addr ?? "",
          ssid: utf8Decode(s.connected?.ssid ?? new Uint8Array(0)),
          channel: s.connected?.channel ?? 0,
          auth: s.connected?.auth_mode ?? 0,
        };
      case WifiStationState.Connecting:
        return s.attempt_failed ? { state: "connecting", attemptsRemaining: s.attempt_failed.attempts_remaining ?? 0 } : { state: "connecting" };
      case WifiStationState.ConnectionFailed:
        return { state: "failed", reason: s.fail_reason === WifiConnectFailedReason.NetworkNotFound ? "network-not-found" : "auth-error" };
      default:
        return { state: "disconnected" };
    }
  }

  /** Polls GetStatus until connected or failed; `onPoll` sees every answer. */
  async waitForConnection(options: { pollMs?: number; maxPolls?: number; onPoll?: (s: DeviceWifiStatus) => void } = {}): Promise<DeviceWifiStatus> {
    for (let poll = 0; ; poll++) {
      const s = await this.getStatus();
      options.onPoll?.(s);
      if (s.state === "connected" || s.state === "failed") return s;
      if (poll + 1 >= (options.maxPolls ?? 60)) throw new Error(`no connection result after ${poll + 1} polls`);
      await this.sleep(options.pollMs ?? 1000);
    }
  }

  async ctrlReset(): Promise<void> {
    const r = await this.call(ProvisioningEndpoints.Ctrl, WiFiCtrlPayload, { msg: WiFiCtrlMsgType.TypeCmdCtrlReset });
    ProvClient.check("ctrl reset", r.status);
  }

  async ctrlReprovision(): Promise<void> {
    const r = await this.call(ProvisioningEndpoints.Ctrl, WiFiCtrlPayload, { msg: WiFiCtrlMsgType.TypeCmdCtrlReprov });
    ProvClient.check("ctrl reprovision", r.status);
  }

  /** Legacy association [spec 5.1]: returns the node id. */
  async setUserMapping(userId: string, secretKey: string): Promise<string> {
    const r = await this.call(ProvisioningEndpoints.UserMapping, RMakerConfigPayload, {
      msg: RMakerConfigMsgType.TypeCmdSetUserMapping,
      cmd_set_user_mapping: { UserID: userId, SecretKey: secretKey },
    });
    const resp = r.resp_set_user_mapping;
    const status = resp?.Status ?? RMakerConfigStatus.Success;
    if (!resp || status !== RMakerConfigStatus.Success) {
      throw new DeviceRefusedError("cloud_user_assoc", enumValueName(RMakerConfigStatus, status) ?? String(status));
    }
    return resp.NodeId ?? "";
  }

  /** Challenge-response [spec 5.2]: signature bytes and node id. */
  async challengeResponse(challenge: Uint8Array): Promise<{ signature: Uint8Array; nodeId: string }> {
    const r = await this.call(ProvisioningEndpoints.ChallengeResponse, RMakerChRespPayload, {
      msg: RMakerChRespMsgType.TypeCmdChallengeResponse,
      cmdChallengeResponsePayload: { payload: challenge },
    });
    const status = r.status ?? RMakerChRespStatus.Success;
    if (status !== RMakerChRespStatus.Success) throw new DeviceRefusedError("ch_resp", enumValueName(RMakerChRespStatus, status) ?? String(status));
    const resp = r.respChallengeResponsePayload;
    if (!resp?.payload?.length) throw new Error("ch_resp: reply lacks the signature");
    return { signature: resp.payload, nodeId: resp.node_id ?? "" };
  }

  /**
   * One encrypted round trip on `rmaker_claim` [spec 4.4]: plaintext request in, plaintext reply
   * out. The assisted-claim relay (core/claiming `relayAssistedClaim`) drives the messages.
   */
  async claimExchange(request: Uint8Array): Promise<Uint8Array> {
    return this.security.decrypt(await this.transport.send(ProvisioningEndpoints.Claim, this.security.encrypt(request)));
  }

  async disableChallengeResponse(): Promise<void> {
    await this.call(ProvisioningEndpoints.ChallengeResponse, RMakerChRespPayload, {
      msg: RMakerChRespMsgType.TypeCmdDisableChalResp,
      cmdDisableChalRespPayload: {},
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}

