import type { CryptoPort, StreamCipher } from "../../../ports/crypto";
import { decode, encode } from "../wire";
import { Sec1MsgType, SecSchemeVersion, SessionData, Status } from "../schemas/index";
import type { MessageValue } from "../schema";
import { constantTimeEqual } from "../../bytes";
import type { HandshakeResult, SecurityScheme, SecuritySession, X25519Math } from "./scheme";

export interface Sec1Options {
  readonly crypto: CryptoPort;
  readonly math: X25519Math;
  /** Proof of possession; empty or absent means no PoP (`no_pop`). */
  readonly pop?: Uint8Array;
}

const KEY_LENGTH = 32;
const DEVICE_RANDOM_LENGTH = 16;

type Sec1Value = NonNullable<MessageValue<typeof SessionData>["sec1"]>;

function reply(sec1: Sec1Value): HandshakeResult {
  return { reply: encode(SessionData, { sec_ver: SecSchemeVersion.SecScheme1, sec1 }) };
}

/**
 * Security 1 [spec 6.5]: X25519 key agreement, key = shared XOR SHA-256(PoP), and one AES-256-CTR
 * keystream (IV = device_random) shared by both directions for the whole session.
 */
export function createSec1(options: Sec1Options): SecurityScheme {
  const popHash = options.pop && options.pop.length > 0 ? options.crypto.hash("SHA-256", options.pop) : undefined;
  return Object.freeze({
    version: 1,
    newSession: () => newSec1Session(options, popHash),
  });
}

function newSec1Session({ crypto, math }: Sec1Options, popHash: Uint8Array | undefined): SecuritySession {
  let state: "cmd0" | "cmd1" | "ready" = "cmd0";
  let stream: StreamCipher | undefined;
  let devicePublic: Uint8Array = new Uint8Array(0);
  let clientPublic: Uint8Array = new Uint8Array(0);

  const reset = (): void => {
    state = "cmd0";
    stream = undefined;
  };

  const refuse = (msg: number, status: number, field: "sr0" | "sr1"): HandshakeResult => {
    reset();
    return reply({ msg, [field]: { status } });
  };

  function command0(clientKey: Uint8Array | undefined): HandshakeResult {
    if (state !== "cmd0") return refuse(Sec1MsgType.Session_Response0, Status.InvalidSession, "sr0");
    // [spec 6.5 step 1] keys whose length is not 32 are rejected.
    if (!clientKey || clientKey.length !== KEY_LENGTH) {
      return refuse(Sec1MsgType.Session_Response0, Status.InvalidArgument, "sr0");
    }
    const privateKey = crypto.random(KEY_LENGTH);
    const deviceRandom = crypto.random(DEVICE_RANDOM_LENGTH);
    devicePublic = math.x25519PublicKey(privateKey);
    clientPublic = clientKey.slice();
    const shared = math.x25519(privateKey, clientPublic);
    if (constantTimeEqual(shared, new Uint8Array(KEY_LENGTH))) {
      return refuse(Sec1MsgType.Session_Response0, Status.InvalidArgument, "sr0");
    }
    const key = popHash ? shared.map((b, i) => b ^ popHash[i]!) : shared;
    stream = crypto.aesCtr(key, deviceRandom);
    state = "cmd1";
    return reply({
      msg: Sec1MsgType.Session_Response0,
      sr0: { status: Status.Success, device_pubkey: devicePublic, device_random: deviceRandom },
    });
  }

  function command1(verifyData: Uint8Array | undefined): HandshakeResult {
    if (state !== "cmd1" || !stream) return refuse(Sec1MsgType.Session_Response1, Status.InvalidSession, "sr1");
    // [spec 6.5 step 4] stream bytes 0..32 must decrypt to the device public key.
    const check = stream.process(verifyData ?? new Uint8Array(0));
    if (!constantTimeEqual(check, devicePublic)) {
      reset();
      return { close: "sec1: client verify data mismatch (wrong PoP)" };
    }
    const deviceVerify = stream.process(clientPublic);
    state = "ready";
    return reply({
      msg: Sec1MsgType.Session_Response1,
      sr1: { status: Status.Success, device_verify_data: deviceVerify },
    });
  }

  return {
    get established() {
      return state === "ready";
    },
    handshake(body) {
      const req = decode(SessionData, body);
      if (!req.ok) return { close: `sec1: bad SessionData: ${req.error.message}` };
      const sec1 = req.value.sec1;
      if ((req.value.sec_ver ?? 0) !== SecSchemeVersion.SecScheme1 || !sec1) {
        return { close: "sec1: request is not a security 1 SessionData" };
      }
      switch (sec1.msg ?? 0) {
        case Sec1MsgType.Session_Command0:
          return command0(sec1.sc0?.client_pubkey);
        case Sec1MsgType.Session_Command1:
          return command1(sec1.sc1?.client_verify_data);
        default:
          return refuse(Sec1MsgType.Session_Response0, Status.InvalidArgument, "sr0");
      }
    },
    decrypt: (data) => (state === "ready" && stream ? stream.process(data) : undefined),
    encrypt(data) {
      if (state !== "ready" || !stream) throw new Error("sec1: session not established");
      return stream.process(data);
    },
  };
}
