/** The steps of `xs-rainmaker provision`, printed one by one [spec 6.7 typical client order]. */
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { toHex, utf8Encode } from "../../firmware/protocol/bytes";
import {
  createSec0Client,
  createSec1Client,
  createSec2Client,
  DeviceClosedError,
  ProvClient,
  type ClientSecurity,
  type DeviceWifiStatus,
  type ProvTransport,
  type ScannedNetwork,
} from "../../firmware/protocol/protocomm/client/index";
import { createCrypto } from "../../host-sim/adapters/crypto";
import { createHttpClient } from "../../host-sim/adapters/http-client";
import { claimCloudOverHttp, relayAssistedClaim } from "../../firmware/core/claiming/assisted-relay";
import type { CliIo } from "../cli/cloud-client/io";
import { createHostClientMath } from "./client-math";
import { fetchUserId, initiateChallenge, mappingStatus, requestMapping, verifyChallenge, type CloudTarget } from "./cloud-mapping";

export interface ProvisionOptions {
  readonly transport: ProvTransport;
  /** Undefined: take it from `proto-ver`. */
  readonly security?: 0 | 1 | 2;
  readonly pop?: string;
  readonly username?: string;
  readonly ssid: string;
  readonly passphrase: string;
  readonly scan?: boolean;
  /** Send `prov-ctrl` CtrlReset before the new credentials (after a failed attempt). */
  readonly reset?: boolean;
  readonly cloud?: CloudTarget & { readonly userId?: string };
  /** Assisted claim [spec 4.4]: relay the device's CSR to this claim service as the user. */
  readonly claim?: AssistedClaimTarget;
  readonly pollMs?: number;
  readonly maxPolls?: number;
  readonly mappingPollMs?: number;
  readonly mappingWaitMs?: number;
}

export interface AssistedClaimTarget {
  /** Claim service base URL (`claim/initiate`, `claim/verify` below it). */
  readonly baseUrl: string;
  /** The user's access token. */
  readonly token: string;
  /** CA certificates (DER) that sign an https claim service. */
  readonly ca?: Uint8Array[];
}

const AuthNames = Object.freeze(["Open", "WEP", "WPA_PSK", "WPA2_PSK", "WPA_WPA2_PSK", "WPA2_ENTERPRISE", "WPA3_PSK", "WPA2_WPA3_PSK"]);

export function scanTable(networks: readonly ScannedNetwork[]): string[] {
  const rows = networks.map((n, i) => [String(i + 1), n.ssid, [...n.bssid].map((b) => b.toString(16).padStart(2, "0")).join(":"), String(n.channel), String(n.rssi), AuthNames[n.auth] ?? String(n.auth)]);
  const head = ["#", "SSID", "BSSID", "CH", "RSSI", "AUTH"];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]): string => r.map((v, c) => v.padEnd(widths[c]!)).join("  ").trimEnd();
  return [line(head), ...rows.map(line)];
}

export function describeStatus(s: DeviceWifiStatus): string {
  switch (s.state) {
    case "connecting":
      return s.attemptsRemaining === undefined ? "connecting" : `connecting (attempt failed, ${s.attemptsRemaining} attempts remaining)`;
    case "connected":
      return `connected to "${s.ssid}" with IP ${s.ip} (channel ${s.channel})`;
    case "failed":
      return `failed: ${s.reason === "auth-error" ? "AuthError (wrong passphrase?)" : "NetworkNotFound"}`;
    case "disconnected":
      return "disconnected";
  }
}

/** Runs the whole provisioning; resolves true on success. Every step is printed through `io`. */
export async function runProvisioning(options: ProvisionOptions, io: CliIo): Promise<boolean> {
  const crypto = createCrypto();
  const math = createHostClientMath();
  const probe = new ProvClient({ transport: options.transport, security: createSec0Client(), sleep });
  try {
    const { info } = await probe.protoVersion();
    io.out(`==== proto-ver: prov ${info.provVersion}, security ${info.securityVersion ?? "?"} (patch ${info.securityPatchVersion}), capabilities [${info.capabilities.join(", ")}]${info.rmakerExtraCapabilities.length ? `, rmaker_extra [${info.rmakerExtraCapabilities.join(", ")}]` : ""}${info.rmakerCapabilities.length ? `, rmaker [${info.rmakerCapabilities.join(", ")}]` : ""}`);
    const wantsClaim = info.rmakerCapabilities.includes("claim") || info.rmakerCapabilities.includes("camera_claim");
    if (wantsClaim && !options.claim) {
      throw new Error("Please claim the node before provisioning (device advertises assisted claiming): pass --claim with --token");
    }
    const sec = options.security ?? info.securityVersion;
    if (sec !== 0 && sec !== 1 && sec !== 2) throw new Error(`device security version ${String(sec)} not supported; pass --sec`);
    if (info.securityVersion !== undefined && info.securityVersion !== sec) io.err(`[WARN]: device advertises security ${info.securityVersion}, using ${sec} as asked`);
    const pop = utf8Encode(options.pop ?? "");
    if (sec === 2 && !options.pop) throw new Error("security 2 needs --pop (or --qr)");
    const security: ClientSecurity =
      sec === 0
        ? createSec0Client()
        : sec === 1
          ? createSec1Client({ crypto, math, pop })
          : createSec2Client({ crypto, math, username: utf8Encode(options.username ?? "wifiprov"), password: pop, patchVersion: info.securityPatchVersion >= 1 ? 1 : 0 });
    const client = new ProvClient({ transport: options.transport, security, sleep });
    io.out(`==== Establishing security ${sec} session`);
    try {
      await client.startSession();
    } catch (e) {
      if (e instanceof DeviceClosedError) throw new Error(`security ${sec} handshake failed: the device closed the connection (wrong PoP, or it is refusing sessions after failed attempts)`);
      throw e;
    }
    io.out("==== Session established");

    // [spec 6.7 typical order] the claim comes right after the session, before the user mapping and Wi-Fi
    if (options.claim && wantsClaim) {
      io.out("==== Assisted claim (rmaker_claim)");
      const cloud = claimCloudOverHttp({ http: createHttpClient(), baseUrl: options.claim.baseUrl, accessToken: options.claim.token, ...(options.claim.ca ? { ca: options.claim.ca } : {}) });
      const { nodeId } = await relayAssistedClaim((request) => client.claimExchange(request), cloud).catch((e: unknown) => {
        throw new Error(`assisted claim failed (the device keeps waiting; nothing was stored): ${e instanceof Error ? e.message : String(e)}`);
      });
      io.out(`Node ${nodeId} claimed: the device stored its certificate`);
    } else if (options.claim) {
      io.out("==== The device does not ask for an assisted claim (it has credentials or claims itself); skipping it");
    }

    let mapping: { userId: string; secretKey: string; nodeId: string } | undefined;
    if (options.cloud) {
      if (info.rmakerExtraCapabilities.includes("ch_resp")) {
        io.out("==== User-node association (challenge-response)");
        const { requestId, challenge } = await initiateChallenge(options.cloud);
        const { signature, nodeId } = await client.challengeResponse(utf8Encode(challenge));
        await verifyChallenge(options.cloud, requestId, nodeId, toHex(signature));
        io.out(`Node ${nodeId} added to your account (challenge verified)`);
      } else {
        io.out("==== User-node association (cloud_user_assoc)");
        const userId = options.cloud.userId ?? (await fetchUserId(options.cloud));
        const secretKey = randomUUID();
        const nodeId = await client.setUserMapping(userId, secretKey);
        io.out(`Sent user ${userId} to node ${nodeId}`);
        mapping = { userId, secretKey, nodeId };
      }
    }

    if (options.scan !== false) {
      io.out("==== Scanning Wi-Fi networks");
      const networks = await client.scan();
      for (const row of scanTable(networks)) io.out(row);
    }
    if (options.reset) {
      await client.ctrlReset();
      io.out("==== Wi-Fi state reset (prov-ctrl CtrlReset)");
    }
    await client.setConfig(options.ssid, options.passphrase);
    io.out(`==== Wi-Fi credentials sent for "${options.ssid}"`);
    await client.applyConfig();
    io.out("==== Wi-Fi configuration applied");
    const result = await client.waitForConnection({
      pollMs: options.pollMs ?? 1000,
      maxPolls: options.maxPolls ?? 60,
      onPoll: (s) => io.out(`Wi-Fi status: ${describeStatus(s)}`),
    });
    if (result.state !== "connected") {
      io.err(`[ERROR]: Provisioning failed: ${describeStatus(result)}`);
      return false;
    }
    io.out("==== Provisioning was successful ====");

    if (options.cloud && mapping) {
      const { nodeId } = mapping;
      const requestId = await requestMapping(options.cloud, mapping.userId, nodeId, mapping.secretKey);
      io.out(`Mapping request ${requestId} sent; waiting for the node to confirm`);
      const deadline = Date.now() + (options.mappingWaitMs ?? 60_000);
      for (;;) {
        const status = await mappingStatus(options.cloud, requestId);
        io.out(`User-node mapping status: ${status}`);
        if (status === "confirmed") break;
        if (status !== "requested" || Date.now() >= deadline) {
          io.err(`[ERROR]: user-node mapping ${status === "requested" ? "not confirmed in time" : status}`);
          return false;
        }
        await sleep(options.mappingPollMs ?? 5000);
      }
      io.out(`Node ${nodeId} added to your account`);
    }
    return true;
  } finally {
    await options.transport.close();
  }
}
