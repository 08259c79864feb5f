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
  return Object.freeze({ version: 2, newSession: () => newSec2Session(options) });
}

function incrementCounter(nonce: Uint8Array): void {
  for (let i = nonce.length - 1; i >= nonce.length - 4; i--) {
    nonce[i] = (nonce[i]! + 1) & 0xff;
    if (nonce[i] !== 0) return;
  }
}

function newSec2Session({ crypto, math, salt, verifier, patchVersion = 1 }: Sec2Options): SecuritySession {
  let state: "cmd0" | "cmd1" | "ready" = "cmd0";
  let srp: SrpDeviceSession | undefined;
  let key: Uint8Array = new Uint8Array(0);
  const nonce = new Uint8Array(12);

  const reset = (): void => {
    state = "cmd0";
    srp = undefined;
    key = new Uint8Array(0);
  };

  const refuse = (msg: number, status: number, field: "sr0" | "sr1"): HandshakeResult => {
    reset();
    return reply({ msg, [field]: { status } });
  };

  function command0(username: Uint8Array, clientPublic: Uint8Array | undefined): HandshakeResult {
    if (state !== "cmd0") return refuse(Sec2MsgType.S2Session_Response0, Status.InvalidSession, "sr0");
    // [spec 6.6] the device reads A as exactly 384 bytes.
    if (!clientPublic || clientPublic.length !== CLIENT_PUBLIC_LENGTH) {
      return refuse(Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
    }
    srp = math.srpServerSession({
      username,
      salt,
      verifier,
      clientPublic,
      privateValue: crypto.random(PRIVATE_VALUE_LENGTH),
    });
    if (!srp) return refuse(Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
    state = "cmd1";
    return reply({
      msg: Sec2MsgType.S2Session_Response0,
      sr0: { status: Status.Success, device_pubkey: srp.serverPublic, device_salt: salt },
    });
  }

  function command1(proof: Uint8Array | undefined): HandshakeResult {
    if (state !== "cmd1" || !srp) return refuse(Sec2MsgType.S2Session_Response1, Status.InvalidSession, "sr1");
    const deviceProof = srp.verifyClientProof(proof ?? new Uint8Array(0));
    if (!deviceProof) {
      reset();
      return { close: "sec2: client proof mismatch (wrong password)" };
    }
    nonce.set(crypto.random(SESSION_ID_LENGTH), 0);
    nonce.set([0, 0, 0, 1], SESSION_ID_LENGTH);
    key = srp.sessionKey.slice(0, AES_KEY_LENGTH);
    state = "ready";
    return reply({
      msg: Sec2MsgType.S2Session_Response1,
      sr1: { status: Status.Success, device_proof: deviceProof, device_nonce: nonce.slice() },
    });
  }

  const advance = (): void => {
    // [spec 6.6, vectors README rule 5] patch 1: +1 after every encrypt and every decrypt.
    if (patchVersion >= 1) incrementCounter(nonce);
  };

  return {
    get established() {
      return state === "ready";
    },
    handshake(body) {
      const req = decode(SessionData, body);
      if (!req.ok) return { close: `sec2: bad SessionData: ${req.error.message}` };
      const sec2 = req.value.sec2;
      if ((req.value.sec_ver ?? 0) !== SecSchemeVersion.SecScheme2 || !sec2) {
        return { close: "sec2: request is not a security 2 SessionData" };
      }
      switch (sec2.msg ?? 0) {
        case Sec2MsgType.S2Session_Command0:
          return command0(sec2.sc0?.client_username ?? new Uint8Array(0), sec2.sc0?.client_pubkey);
        case Sec2MsgType.S2Session_Command1:
          return command1(sec2.sc1?.client_proof);
        default:
          return refuse(Sec2MsgType.S2Session_Response0, Status.InvalidArgument, "sr0");
      }
    },
    decrypt(data) {
      if (state !== "ready") return undefined;
      const plain = crypto.aesGcmDecrypt(key, nonce, data);
      advance();
      return plain;
    },
    encrypt(data) {
      if (state !== "ready") throw new Error("sec2: session not established");
      const out = crypto.aesGcmEncrypt(key, nonce, data);
      advance();
      return out;
    },
  };
}
