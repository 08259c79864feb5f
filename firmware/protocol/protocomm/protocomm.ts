import type { CryptoPort } from "../../ports/crypto";
import type { LogPort } from "../../ports/log";
import { utf8Encode } from "../bytes";
import type { EndpointHandler, ProtocommRequest, ProtocommResponse } from "./endpoint";
import type { SecurityScheme, SecuritySession } from "./security/scheme";
import { formatSessionCookie, parseSessionCookie, SESSION_ID_RANDOM_LENGTH, sessionIdFromRandom } from "./session-cookie";

/** Endpoint names protocomm itself serves [spec 6.1]. */
export const ProtocommEndpoint = Object.freeze({
  ProtoVer: "proto-ver",
  Session: "prov-session",
  Config: "prov-config",
  Scan: "prov-scan",
  Ctrl: "prov-ctrl",
});

/** [spec 6.1] request bodies must be 1..4096 bytes. */
export const MAX_BODY_LENGTH = 4096;

export interface ProtocommOptions {
  /** Randomness for session ids (and nothing else here). */
  readonly crypto: CryptoPort;
  readonly security: SecurityScheme;
  /** Exact `proto-ver` reply text [spec 6.2]. */
  readonly protoVersion: string;
  readonly log?: LogPort;
}

export interface Protocomm {
  /** Adds (or replaces) an encrypted endpoint. */
  register(name: string, handler: EndpointHandler): void;
  unregister(name: string): void;
  /** Names of every endpoint served, protocomm's own included. */
  endpoints(): string[];
  /** Handles one request; never throws. */
  handle(request: ProtocommRequest): ProtocommResponse;
  /** Drops the current session (e.g. when provisioning stops). */
  closeSession(): void;
}

interface Session {
  readonly id: number;
  connectionId: number | string;
  readonly security: SecuritySession;
}

/**
 * The protocomm core: endpoint registry, session-cookie tracking with one security session at a
 * time [spec 6.1, vectors README rule 1], `prov-session` routed to the security scheme, and
 * encryption of every other endpoint except `proto-ver`.
 */
export function createProtocomm(options: ProtocommOptions): Protocomm {
  const { crypto, security, log } = options;
  const protoVersion = utf8Encode(options.protoVersion);
  const handlers = new Map<string, EndpointHandler>();
  let session: Session | undefined;

  const close = (reason: string): ProtocommResponse => {
    log?.log("warn", "protocomm", reason);
    return { close: true, reason };
  };

  function continues(req: ProtocommRequest): boolean {
    if (!session) return false;
    if (req.cookie !== undefined) return parseSessionCookie(req.cookie) === session.id;
    return req.connectionId === session.connectionId;
  }

  function route(req: ProtocommRequest, s: Session): ProtocommResponse | Uint8Array {
    if (req.endpoint === ProtocommEndpoint.ProtoVer) return protoVersion.slice();
    if (req.endpoint === ProtocommEndpoint.Session) {
      const r = s.security.handshake(req.body);
      return "reply" in r ? r.reply : close(r.close);
    }
    const handler = handlers.get(req.endpoint)!;
    if (!s.security.established) return close(`${req.endpoint}: no secure session`);
    const plain = s.security.decrypt(req.body);
    if (!plain) return close(`${req.endpoint}: request does not decrypt`);
    let out: Uint8Array;
    try {
      out = handler(plain);
    } catch (e) {
      return close(`${req.endpoint}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return s.security.encrypt(out);
  }

  function handle(req: ProtocommRequest): ProtocommResponse {
    const known =
      req.endpoint === ProtocommEndpoint.ProtoVer || req.endpoint === ProtocommEndpoint.Session || handlers.has(req.endpoint);
    if (!known) return close(`unknown endpoint ${req.endpoint}`);
    let setCookie: string | undefined;
    if (continues(req)) {
      session!.connectionId = req.connectionId;
    } else {
      // [vectors README rule 1] any other request drops the old session and starts a new one.
      const id = sessionIdFromRandom(crypto.random(SESSION_ID_RANDOM_LENGTH));
      session = { id, connectionId: req.connectionId, security: security.newSession() };
      setCookie = formatSessionCookie(id);
    }
    const s = session!;
    let out: ProtocommResponse | Uint8Array;
    if (req.body.length < 1 || req.body.length > MAX_BODY_LENGTH) {
      out = close(`${req.endpoint}: body length ${req.body.length} outside 1..${MAX_BODY_LENGTH}`);
    } else {
      try {
        out = route(req, s);
      } catch (e) {
        out = close(`${req.endpoint}: internal error ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (!(out instanceof Uint8Array)) {
      if (session === s) session = undefined;
      return out;
    }
    return setCookie === undefined ? { body: out } : { body: out, setCookie };
  }

  return {
    register(name, handler) {
      if (name === ProtocommEndpoint.ProtoVer || name === ProtocommEndpoint.Session) {
        throw new Error(`${name} is served by protocomm itself`);
      }
      handlers.set(name, handler);
    },
    unregister: (name) => void handlers.delete(name),
    endpoints: () => [ProtocommEndpoint.ProtoVer, ProtocommEndpoint.Session, ...handlers.keys()],
    handle(req) {
      try {
        return handle(req);
      } catch (e) {
        session = undefined;
        return close(`internal error ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    closeSession() {
      session = undefined;
    },
  };
}
