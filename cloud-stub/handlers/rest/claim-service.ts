/**
 * The claim service [spec 4]: self claim with a per-device factory secret (HMAC challenge), assisted /
 * host claim by a logged-in user, and server-generated key pairs. Node ids are bound to the MAC at the
 * first claim and never change, so re-claiming is idempotent [spec 4.3: node_id stays the MAC-based id].
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { CertificateAuthority, IssueFromCsrResult } from "../../pki/certificate-authority";
import type { ClaimSession, ClaimStore } from "../../store/claims";
import type { CloudLog } from "../../deps";
import { ApiError } from "./route";
import { ErrorCodes } from "./error-codes";
import { ClaimErrorCodes } from "./claim-errors";
import { SlidingWindowLimiter } from "./claim-rate-limit";

export const ClaimLimits = Object.freeze({
  /** Claim attempts per MAC per window. */
  attemptsPerMac: 5,
  /** Per client address: higher, since a host simulator claims many devices from 127.0.0.1. */
  attemptsPerAddress: 60,
  windowMs: 60_000,
  selfSessionTtlMs: 5 * 60_000,
  assistedSessionTtlMs: 10 * 60_000,
  /** Challenge: 32 random bytes as 64 hex chars (the device accepts up to 129 chars) [spec 4.3]. */
  challengeBytes: 32,
});

/** Who is calling and how: filled by the route adapter from the HTTP request. */
export interface ClaimCaller {
  /** Logged-in user (assisted / host claim), from `Authorization`. */
  userId?: string;
  remoteAddress: string;
  /** True on the HTTPS listener. */
  secure: boolean;
}

export interface ClaimServiceOptions {
  store: ClaimStore;
  authority: CertificateAuthority;
  log: CloudLog;
  /** MQTT endpoint handed to devices (`mqtt_host` [spec 4.3]) and its port (stub extension). */
  mqttHost: string;
  mqttPort?: number;
  now?: () => number;
  limits?: Partial<Pick<typeof ClaimLimits, "attemptsPerMac" | "attemptsPerAddress" | "windowMs">>;
  /** Called after every issued node certificate (the app store keeps it on the node row). */
  onCertificateIssued?(nodeId: string, certificatePem: string, now: number): void;
}

export interface ClaimCertificateReply {
  certificate: string;
  mqtt_host: string;
  mqtt_port?: number;
}

export interface ServerKeyReply extends ClaimCertificateReply {
  node_id: string;
  /** RSA-2048 PKCS#8 PEM. */
  private_key: string;
}

const MacPattern = /^[0-9A-Fa-f]{12}$/;
const HmacPattern = /^[0-9A-Fa-f]{128}$/;

export function normaliseMac(mac: string): string {
  if (!MacPattern.test(mac)) throw new ApiError(400, ErrorCodes.BadRequest, "mac_addr must be 12 hex digits");
  return mac.toUpperCase();
}

/** HMAC-SHA512 of the challenge string keyed by the factory secret, 128 upper-case hex [spec 4.3]. */
export function challengeResponse(secretHex: string, challenge: string): string {
  return createHmac("sha512", Buffer.from(secretHex, "hex")).update(challenge, "utf8").digest("hex").toUpperCase();
}

export class ClaimService {
  private readonly macLimiter: SlidingWindowLimiter;
  private readonly addressLimiter: SlidingWindowLimiter;
  private readonly now: () => number;

  constructor(private readonly options: ClaimServiceOptions) {
    this.now = options.now ?? Date.now;
    const limits = { ...ClaimLimits, ...options.limits };
    this.macLimiter = new SlidingWindowLimiter(limits.attemptsPerMac, limits.windowMs);
    this.addressLimiter = new SlidingWindowLimiter(limits.attemptsPerAddress, limits.windowMs);
  }

  /** `claim/initiate`: self claim without a user -> `{auth_id, challenge}`; with a user -> `{node_id, auth_id}`. */
  initiate(body: { mac_addr: string; platform: string }, caller: ClaimCaller): { auth_id: string; challenge?: string; node_id?: string } {
    const mac = normaliseMac(body.mac_addr);
    this.limit(mac, caller);
    const now = this.now();
    const nodeId = this.options.store.getBindingByMac(mac)?.nodeId ?? mac;
    if (caller.userId) {
      this.assertUserMayClaim(mac, caller.userId);
      const session = this.open("assisted", mac, nodeId, null, caller.userId, now, ClaimLimits.assistedSessionTtlMs);
      this.options.log.info(`claim initiated for node ${nodeId} by user ${caller.userId}`, { mac, platform: body.platform });
      return { node_id: nodeId, auth_id: session.authId };
    }
    if (!this.options.store.getFactoryDevice(mac)) {
      this.options.log.warn(`self claim refused: MAC ${mac} is in no factory batch`, { remote: caller.remoteAddress });
      throw new ApiError(404, ClaimErrorCodes.DeviceNotRegistered, "Device not registered for self claiming");
    }
    const challenge = randomBytes(ClaimLimits.challengeBytes).toString("hex");
    const session = this.open("self", mac, nodeId, challenge, null, now, ClaimLimits.selfSessionTtlMs);
    this.options.log.info(`self claim initiated for node ${nodeId}`, { platform: body.platform });
    return { auth_id: session.authId, challenge };
  }

  /** `claim/verify` of a self claim: HMAC check, then the CSR is signed. */
  async verifySelf(body: { auth_id: string; challenge_response: string; csr: string }, caller: ClaimCaller): Promise<ClaimCertificateReply> {
    const session = this.proveFactorySecret(body, caller);
    return this.signCsr(session, body.csr, null);
  }

  /** `claim/verify?matter=False` of an assisted / host claim: the user's open session, CSR signed [spec 4.4, 4.5]. */
  async verifyAssisted(body: { csr: string; auth_id?: string }, caller: ClaimCaller & { userId: string }): Promise<ClaimCertificateReply> {
    const now = this.now();
    // Another user's auth_id is neither consumed nor revealed.
    const open = body.auth_id ? this.options.store.getClaimSession(body.auth_id, now) : null;
    const mine = open !== null && open.mode === "assisted" && open.userId === caller.userId;
    const session = body.auth_id
      ? mine ? this.options.store.takeClaimSession(body.auth_id, now) : null
      : this.options.store.takeLatestUserSession(caller.userId, now);
    if (!session) {
      throw new ApiError(404, ClaimErrorCodes.ClaimSessionNotFound, "No open claim of this user; call claim/initiate first");
    }
    return this.signCsr(session, body.csr, caller.userId);
  }

  /**
   * Server-generated key pair for a device whose TLS cannot use a device-made key: only on the HTTPS
   * listener (the private key travels in the reply). Authenticated by a user token (any MAC) or by a
   * self-claim session and its HMAC (registered MACs).
   */
  async serverKey(
    body: { mac_addr?: string; auth_id?: string; challenge_response?: string },
    caller: ClaimCaller,
  ): Promise<ServerKeyReply> {
    if (!caller.secure) {
      throw new ApiError(403, ClaimErrorCodes.HttpsRequired, "Server-generated keys are only handed out over HTTPS");
    }
    let session: ClaimSession;
    if (caller.userId) {
      if (!body.mac_addr) throw new ApiError(400, ErrorCodes.BadRequest, "mac_addr is required");
      const mac = normaliseMac(body.mac_addr);
      this.limit(mac, caller);
      this.assertUserMayClaim(mac, caller.userId);
      const now = this.now();
      const nodeId = this.options.store.getBindingByMac(mac)?.nodeId ?? mac;
      session = { authId: randomUUID(), mode: "assisted", mac, nodeId, challenge: null, userId: caller.userId, createdAt: now, expiresAt: now };
    } else {
      if (!body.auth_id || !body.challenge_response) {
        throw new ApiError(401, ErrorCodes.Unauthorized, "Authorization or auth_id + challenge_response required");
      }
      session = this.proveFactorySecret({ auth_id: body.auth_id, challenge_response: body.challenge_response }, caller);
    }
    const now = this.now();
    const creds = await this.options.authority.issueWithServerKey(session.nodeId, { now: new Date(now) });
    const binding = this.options.store.bindNode(session.mac, session.nodeId, caller.userId ?? null, now);
    this.options.onCertificateIssued?.(binding.nodeId, creds.certificatePem, now);
    this.options.log.info(`node ${binding.nodeId} claimed with a server-generated key`, { serial: creds.serial });
    return { node_id: binding.nodeId, private_key: creds.privateKeyPem, ...this.reply(creds.certificatePem) };
  }

  /**
   * A node certificate is a node's identity on the broker: a user may not obtain one for a MAC that
   * another user claimed, nor for one that self-claimed with its factory secret.
   */
  private assertUserMayClaim(mac: string, userId: string): void {
    const binding = this.options.store.getBindingByMac(mac);
    if (binding && binding.userId !== userId) {
      this.options.log.warn(`claim of node ${binding.nodeId} by user ${userId} refused: claimed by someone else`);
      throw new ApiError(403, ClaimErrorCodes.ClaimedByOther, "This device was claimed by another user or by itself");
    }
  }

  private proveFactorySecret(body: { auth_id: string; challenge_response: string }, caller: ClaimCaller): ClaimSession {
    const session = this.options.store.takeClaimSession(body.auth_id, this.now());
    if (!session) throw new ApiError(404, ClaimErrorCodes.ClaimSessionNotFound, "auth_id unknown, used or expired");
    if (session.mode !== "self" || session.challenge === null) {
      throw new ApiError(400, ClaimErrorCodes.WrongClaimMode, "auth_id belongs to an assisted claim");
    }
    const device = this.options.store.getFactoryDevice(session.mac);
    const expected = device ? challengeResponse(device.secretHex, session.challenge) : "";
    const given = body.challenge_response.toUpperCase();
    const match = device !== null && HmacPattern.test(given) && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
    if (!match) {
      this.options.log.warn(`self claim of node ${session.nodeId} refused: challenge response mismatch`, { remote: caller.remoteAddress });
      throw new ApiError(401, ClaimErrorCodes.ChallengeResponseMismatch, "Challenge response does not match");
    }
    return session;
  }

  private async signCsr(session: ClaimSession, csr: string, userId: string | null): Promise<ClaimCertificateReply> {
    const now = this.now();
    const result: IssueFromCsrResult = await this.options.authority.issueFromCsr(csr, session.nodeId, { now: new Date(now) });
    if (!result.ok) {
      this.options.log.warn(`claim of node ${session.nodeId} refused: ${result.message}`);
      const code = result.code === "csr_wrong_node_id" ? ClaimErrorCodes.CsrWrongNodeId : ClaimErrorCodes.CsrInvalid;
      throw new ApiError(400, code, result.message);
    }
    const binding = this.options.store.bindNode(session.mac, session.nodeId, userId, now);
    this.options.onCertificateIssued?.(binding.nodeId, result.certificatePem, now);
    this.options.log.info(`node ${binding.nodeId} claimed (${result.keyType} key)`, { serial: result.serial });
    return this.reply(result.certificatePem);
  }

  private reply(certificatePem: string): ClaimCertificateReply {
    const reply: ClaimCertificateReply = {
      certificate: this.options.authority.chainPem(certificatePem),
      mqtt_host: this.options.mqttHost,
    };
    if (this.options.mqttPort !== undefined) reply.mqtt_port = this.options.mqttPort;
    return reply;
  }

  private open(
    mode: ClaimSession["mode"], mac: string, nodeId: string, challenge: string | null,
    userId: string | null, now: number, ttl: number,
  ): ClaimSession {
    this.options.store.deleteExpiredSessions(now);
    const session: ClaimSession = { authId: randomUUID(), mode, mac, nodeId, challenge, userId, createdAt: now, expiresAt: now + ttl };
    this.options.store.putClaimSession(session);
    return session;
  }

  private limit(mac: string, caller: ClaimCaller): void {
    const now = this.now();
    const wait = Math.max(this.macLimiter.hit(mac, now), this.addressLimiter.hit(caller.remoteAddress, now));
    if (wait > 0) {
      this.options.log.warn(`claim attempts for MAC ${mac} from ${caller.remoteAddress} rate-limited`);
      throw new ApiError(429, ClaimErrorCodes.TooManyAttempts, "Too many claim attempts, retry later", {
        "retry-after": String(Math.ceil(wait / 1000)),
      });
    }
  }
}
