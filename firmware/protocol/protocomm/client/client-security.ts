import type { CryptoPort } from "../../../ports/crypto";
import { bytesEqual } from "../../bytes";
import { decode, encode } from "../wire";
import { Sec0MsgType, Sec1MsgType, Sec2MsgType, SecSchemeVersion, SessionData, Status } from "../schemas/index";
import { enumValueName, type MessageValue } from "../schema";
import { ProtocommEndpoint } from "../protocomm";
import type { ClientMath } from "./client-math";
import type { ProvTransport } from "./transport";

/** Client side of a protocomm security scheme [spec 6.4-6.6]. */
export interface ClientSecurity {
  readonly version: 0 | 1 | 2;
  /** Runs the `prov-session` handshake; throws with a clear message when it fails. */
  establish(transport: ProvTransport): Promise<void>;
  encrypt(data: Uint8Array): Uint8Array;
  /** Throws when the reply does not authenticate. */
  decrypt(data: Uint8Array): Uint8Array;
}

type SessionValue = MessageValue<typeof SessionData>;

function decodeSession(body: Uint8Array): SessionValue {
  const r = decode(SessionData, body);
  if (!r.ok) throw new Error(`prov-session: malformed reply (${r.error.message})`);
  return r.value;
}

function checkStatus(step: string, status: number | undefined): void {
  const s = status ?? Status.Success;
  if (s !== Status.Success) throw new Error(`${step}: device answered ${enumValueName(Status, s) ?? s}`);
}

async function session(transport: ProvTransport, value: SessionValue): Promise<SessionValue> {
  return decodeSession(await transport.send(ProtocommEndpoint.Session, encode(SessionData, value)));
}

/** Security 0 [spec 6.4]: plaintext. */
export function createSec0Client(): ClientSecurity {
  return {
    version: 0,
    async establish(transport) {
      const r = await session(transport, { sec_ver: SecSchemeVersion.SecScheme0, sec0: { msg: Sec0MsgType.S0_Session_Command, sc: {} } });
      if (!r.sec0 || (r.sec0.msg ?? 0) !== Sec0MsgType.S0_Session_Response) throw new Error("security 0: unexpected prov-session reply");
      checkStatus("security 0", r.sec0.sr?.status);
    },
    encrypt: (d) => d,
    decrypt: (d) => d,
  };
}

/** Security 1 [spec 6.5]: X25519, key XOR SHA-256(PoP), one AES-256-CTR stream for both directions. */
export function createSec1Client(options: { crypto: CryptoPort; math: ClientMath; pop: Uint8Array }): ClientSecurity {
  const { crypto, math, pop } = options;
  let stream: { process(d: Uint8Array): Uint8Array } | undefined;
  return {
    version: 1,
    async establish(transport) {
      const privateKey = crypto.random(32);
      const publicKey = math.x25519PublicKey(privateKey);
      const r0 = await session(transport, { sec_ver: SecSchemeVersion.SecScheme1, sec1: { msg: Sec1MsgType.Session_Command0, sc0: { client_pubkey: publicKey } } });
      const sr0 = r0.sec1?.sr0;
      if (!sr0) throw new Error("security 1: expected Session_Response0");
      checkStatus("security 1 command 0", sr0.status);
      if (sr0.device_pubkey?.length !== 32 || sr0.device_random?.length !== 16) throw new Error("security 1: device key must be 32 bytes and random 16");
      const shared = math.x25519(privateKey, sr0.device_pubkey);
      const popHash = pop.length > 0 ? crypto.hash("SHA-256", pop) : undefined;
      const key = popHash ? shared.map((b, i) => b ^ popHash[i]!) : shared;
      const s = crypto.aesCtr(key, sr0.device_random);
      const verify = s.process(sr0.device_pubkey);
      const r1 = await session(transport, { sec_ver: SecSchemeVersion.SecScheme1, sec1: { msg: Sec1MsgType.Session_Command1, sc1: { client_verify_data: verify } } });
      const sr1 = r1.sec1?.sr1;
      if (!sr1) throw new Error("security 1: expected Session_Response1");
      checkStatus("security 1 command 1", sr1.status);
      if (!sr1.device_verify_data || !bytesEqual(s.process(sr1.device_verify_data), publicKey)) {
        throw new Error("security 1: device verify data does not match (device does not share the key)");
      }
      stream = s;
    },
    encrypt(d) {
      if (!stream) throw new Error("security 1: no session");
      return stream.process(d);
    },
    decrypt(d) {
      if (!stream) throw new Error("security 1: no session");
      return stream.process(d);
    },
  };
}

const NONCE_LENGTH = 12;

/** Security 2 [spec 6.6]: SRP-6a then AES-256-GCM with the shared nonce counter (sec_patch_ver 1). */
export function createSec2Client(options: { crypto: CryptoPort; math: ClientMath; username: Uint8Array; password: Uint8Array; patchVersion?: 0 | 1 }): ClientSecurity {
  const { crypto, math, username, password } = options;
  const patch = options.patchVersion ?? 1;
  let key: Uint8Array | undefined;
  const nonce = new Uint8Array(NONCE_LENGTH);
  const step = (): void => {
    if (patch < 1) return;
    for (let i = NONCE_LENGTH - 1; i >= NONCE_LENGTH - 4; i--) {
      nonce[i] = (nonce[i]! + 1) & 0xff;
      if (nonce[i] !== 0) return;
    }
  };
  return {
    version: 2,
    async establish(transport) {
      // [spec 6.6] like esp_prov, re-roll a until A has no leading zero byte.
      let srp = math.srpClient(username, password, crypto.random(32));
      while (srp.publicKey[0] === 0) srp = math.srpClient(username, password, crypto.random(32));
      const r0 = await session(transport, {
        sec_ver: SecSchemeVersion.SecScheme2,
        sec2: { msg: Sec2MsgType.S2Session_Command0, sc0: { client_username: username, client_pubkey: srp.publicKey } },
      });
      const sr0 = r0.sec2?.sr0;
      if (!sr0) throw new Error("security 2: expected S2Session_Response0");
      checkStatus("security 2 command 0", sr0.status);
      if (!sr0.device_pubkey?.length || !sr0.device_salt?.length) throw new Error("security 2: reply lacks B or salt");
      const r = srp.respond(sr0.device_salt, sr0.device_pubkey);
      const r1 = await session(transport, { sec_ver: SecSchemeVersion.SecScheme2, sec2: { msg: Sec2MsgType.S2Session_Command1, sc1: { client_proof: r.proof } } });
      const sr1 = r1.sec2?.sr1;
      if (!sr1) throw new Error("security 2: expected S2Session_Response1");
      checkStatus("security 2 command 1", sr1.status);
      if (!sr1.device_proof || !bytesEqual(sr1.device_proof, r.expectedDeviceProof)) throw new Error("security 2: device proof does not match");
      if (sr1.device_nonce?.length !== NONCE_LENGTH) throw new Error("security 2: device nonce must be 12 bytes");
      nonce.set(sr1.device_nonce);
      key = r.sessionKey.slice(0, 32);
    },
    encrypt(d) {
      if (!key) throw new Error("security 2: no session");
      const out = crypto.aesGcmEncrypt(key, nonce, d);
      step();
      return out;
    },
    decrypt(d) {
      if (!key) throw new Error("security 2: no session");
      const out = crypto.aesGcmDecrypt(key, nonce, d);
      step();
      if (!out) throw new Error("security 2: reply does not authenticate");
      return out;
    },
  };
}
