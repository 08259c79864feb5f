import type { CryptoPort } from "../../../ports/crypto";
import { decode, encode } from "../wire";
import { Sec2MsgType, SecSchemeVersion, SessionData, Status } from "../schemas/index";
import type { MessageValue } from "../schema";
import type { HandshakeResult, SecurityScheme, SecuritySession, SrpDeviceSession, SrpMath } from "./scheme";

export interface Sec2Options {
  readonly crypto: CryptoPort;
  readonly math: SrpMath;
  /** Salt sent exactly as configured [vectors README rule 5]. */
  readonly salt: Uint8Array;
  /** Verifier v = g^x mod N for the provisioning username and PoP. */
  readonly verifier: Uint8Array;
  /** 1 (default): nonce counter advances after every encrypt and decrypt; 0: fixed nonce [spec 6.6]. */
  readonly patchVersion?: 0 | 1;
}

const CLIENT_PUBLIC_LENGTH = 384;
const PRIVATE_VALUE_LENGTH = 32;
const SESSION_ID_LENGTH = 8;
const AES_KEY_LENGTH = 32;

type Sec2Value = NonNullable<MessageValue<typeof SessionData>["sec2"]>;

function reply(sec2: Sec2Value): HandshakeResult {
  return { reply: encode(SessionData, { sec_ver: SecSchemeVersion.SecScheme2, sec2 }) };
}

/**
 * Security 2 [spec 6.6]: SRP-6a (3072-bit group, SHA-512) then AES-256-GCM with key K[0..32),
 * 12-byte nonce = 8 random session-id bytes + 4-byte big-endian counter starting at 1.
 */
export function createSec2(options: Sec2Options): SecurityScheme {
  return Object.freeze({ version: 2, newSession: (): SecuritySession => new Sec2Session(options) });
}

function incrementCounter(nonce: Uint8Array): void {
  for (let i = nonce.length - 1; i >= nonce.length - 4; i--) {
    nonce[i] = (nonce[i]! + 1) & 0xff;
    if (nonce[i] !== 0) return;
  }
}

/**
 * One security-2 session. A class with private fields: its methods live on the prototype, so a
 * session costs a few slots instead of a dozen closures. The helpers are static: with private
 * instance methods XS 13 kept the last session alive after it was dropped (measured in xsnap).
 */
class Sec2Session implements SecuritySession {
  readonly #options: Sec2Options;
  #state: "cmd0" | "cmd1" | "ready" = "cmd0";
  /** The SRP session, only between Command0 and Command1. */
  #srp: SrpDeviceSession | undefined = undefined;
  #key: Uint8Array | undefined = undefined;
  readonly #nonce = new Uint8Array(12);

  constructor(options: Sec2Options) {
    this.#options = options;
  }

  get established(): boolean {
    return this.#state === "ready";
  }

  handshake(body: Uint8Array): HandshakeResult {
    const req = decode(SessionData, body);
    if (!req.ok) return { close: `sec2: bad SessionData: ${req.error.message}` };
    const sec2 = req.value.sec2;
    if ((req.value.sec_ver ?? 0) !== SecSchemeVersion.SecScheme2 || !sec2) {
      return { close: "sec2: request is not a security 2 SessionData" };
    }
    switch (sec2.msg ?? 0) {
      case Sec2MsgType.S2Session_Command0:
        return Sec2Session.#command0(this, sec2.sc0?.client_username ?? new Uint8Array(0), sec2.sc0?.client_pubkey);
      case Sec2MsgType.S2Session_Command1:
        return Sec2Session.#command1(this, sec2.sc1?.client_proof);
      default:
        return Sec2Session.#refuse(this, Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
    }
  }

  decrypt(data: Uint8Array): Uint8Array | undefined {
    if (this.#state !== "ready") return undefined;
    const plain = this.#options.crypto.aesGcmDecrypt(this.#key!, this.#nonce, data);
    Sec2Session.#advance(this);
    return plain;
  }

  encrypt(data: Uint8Array): Uint8Array {
    if (this.#state !== "ready") throw new Error("sec2: session not established");
    const out = this.#options.crypto.aesGcmEncrypt(this.#key!, this.#nonce, data);
    Sec2Session.#advance(this);
    return out;
  }

  static #command0(self: Sec2Session, username: Uint8Array, clientPublic: Uint8Array | undefined): HandshakeResult {
    if (self.#state !== "cmd0") return Sec2Session.#refuse(self, Sec2MsgType.S2Session_Response0, Status.InvalidSession, "sr0");
    // [spec 6.6] the device reads A as exactly 384 bytes.
    if (!clientPublic || clientPublic.length !== CLIENT_PUBLIC_LENGTH) {
      return Sec2Session.#refuse(self, Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
    }
    const { crypto, math, salt, verifier } = self.#options;
    const srp = math.srpServerSession({ username, salt, verifier, clientPublic, privateValue: crypto.random(PRIVATE_VALUE_LENGTH) });
    if (!srp) return Sec2Session.#refuse(self, Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
    self.#srp = srp;
    self.#state = "cmd1";
    return reply({
      msg: Sec2MsgType.S2Session_Response0,
      sr0: { status: Status.Success, device_pubkey: srp.serverPublic, device_salt: salt },
    });
  }

  static #command1(self: Sec2Session, proof: Uint8Array | undefined): HandshakeResult {
    const srp = self.#srp;
    if (self.#state !== "cmd1" || !srp) return Sec2Session.#refuse(self, Sec2MsgType.S2Session_Response1, Status.InvalidSession, "sr1");
    const deviceProof = srp.verifyClientProof(proof ?? new Uint8Array(0));
    if (!deviceProof) {
      Sec2Session.#reset(self);
      return { close: "sec2: client proof mismatch (wrong password)" };
    }
    const nonce = self.#nonce;
    nonce.set(self.#options.crypto.random(SESSION_ID_LENGTH), 0);
    nonce.set([0, 0, 0, 1], SESSION_ID_LENGTH);
    self.#key = srp.sessionKey.slice(0, AES_KEY_LENGTH);
    // The SRP values are not needed once the key is set.
    self.#srp = undefined;
    self.#state = "ready";
    return reply({
      msg: Sec2MsgType.S2Session_Response1,
      sr1: { status: Status.Success, device_proof: deviceProof, device_nonce: nonce.slice() },
    });
  }

  static #advance(self: Sec2Session): void {
    // [spec 6.6, vectors README rule 5] patch 1: +1 after every encrypt and every decrypt.
    if ((self.#options.patchVersion ?? 1) >= 1) incrementCounter(self.#nonce);
  }

  static #reset(self: Sec2Session): void {
    self.#state = "cmd0";
    self.#srp = undefined;
    self.#key = undefined;
  }

  static #refuse(self: Sec2Session, msg: number, status: number, field: "sr0" | "sr1"): HandshakeResult {
    Sec2Session.#reset(self);
    return reply({ msg, [field]: { status } });
  }
}
