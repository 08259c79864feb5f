import type { CryptoPort, StreamCipher } from "../../../../firmware/ports/crypto";
import { bytesToBigInt, SRP_GROUP_3072, x25519, x25519PublicKey } from "../../../../firmware/crypto/index";
import { bytesEqual } from "../../../../firmware/protocol/bytes";
import { decode, encode } from "../../../../firmware/protocol/protocomm/wire";
import { Sec1MsgType, Sec2MsgType, SessionData } from "../../../../firmware/protocol/protocomm/schemas/index";
import { SrpClient } from "./srp-client";

function sessionReply(body: Uint8Array) {
  const r = decode(SessionData, body);
  if (!r.ok) throw r.error;
  return r.value;
}

/** Client side of security 1, as esp_prov does it (test-only). */
export class Sec1Client {
  private readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  private stream: StreamCipher | undefined;

  constructor(
    private readonly crypto: CryptoPort,
    private readonly pop: Uint8Array,
  ) {
    this.privateKey = crypto.random(32);
    this.publicKey = x25519PublicKey(this.privateKey);
  }

  command0(): Uint8Array {
    return encode(SessionData, { sec_ver: 1, sec1: { msg: Sec1MsgType.Session_Command0, sc0: { client_pubkey: this.publicKey } } });
  }

  /** Reads Response0 and returns Command1. */
  command1(response0: Uint8Array): Uint8Array {
    const sr0 = sessionReply(response0).sec1?.sr0;
    if (!sr0?.device_pubkey || !sr0.device_random) throw new Error("sec1: bad Response0");
    const shared = x25519(this.privateKey, sr0.device_pubkey);
    const popHash = this.pop.length ? this.crypto.hash("SHA-256", this.pop) : undefined;
    const key = popHash ? shared.map((b, i) => b ^ popHash[i]!) : shared;
    this.stream = this.crypto.aesCtr(key, sr0.device_random);
    const verify = this.stream.process(sr0.device_pubkey);
    return encode(SessionData, { sec_ver: 1, sec1: { msg: Sec1MsgType.Session_Command1, sc1: { client_verify_data: verify } } });
  }

  /** True when Response1 proves the device derived the same key. */
  finish(response1: Uint8Array): boolean {
    const data = sessionReply(response1).sec1?.sr1?.device_verify_data;
    return !!data && !!this.stream && bytesEqual(this.stream.process(data), this.publicKey);
  }

  encrypt(data: Uint8Array): Uint8Array {
    return this.stream!.process(data);
  }

  decrypt(data: Uint8Array): Uint8Array {
    return this.stream!.process(data);
  }
}

/** Client side of security 2 (patch version 1), as esp_prov does it (test-only). */
export class Sec2Client {
  private readonly srp: SrpClient;
  private key: Uint8Array = new Uint8Array(0);
  private nonce: Uint8Array = new Uint8Array(12);
  private expectedProof: Uint8Array = new Uint8Array(0);

  constructor(
    private readonly crypto: CryptoPort,
    private readonly username: Uint8Array,
    password: Uint8Array,
  ) {
    const H = (d: Uint8Array): Uint8Array => crypto.hash("SHA-512", d);
    let srp: SrpClient;
    // esp_prov re-rolls a until A has no leading zero byte [spec 6.6].
    do srp = new SrpClient(SRP_GROUP_3072, H, username, password, bytesToBigInt(crypto.random(32)));
    while (srp.publicBytes[0] === 0);
    this.srp = srp;
  }

  get publicKey(): Uint8Array {
    return this.srp.publicBytes;
  }

  command0(): Uint8Array {
    return encode(SessionData, {
      sec_ver: 2,
      sec2: { msg: Sec2MsgType.S2Session_Command0, sc0: { client_username: this.username, client_pubkey: this.srp.publicBytes } },
    });
  }

  command1(response0: Uint8Array): Uint8Array {
    const sr0 = sessionReply(response0).sec2?.sr0;
    if (!sr0?.device_pubkey || !sr0.device_salt) throw new Error("sec2: bad Response0");
    const r = this.srp.respond(sr0.device_salt, sr0.device_pubkey);
    this.key = r.K.slice(0, 32);
    this.expectedProof = r.expectedServerProof;
    return encode(SessionData, { sec_ver: 2, sec2: { msg: Sec2MsgType.S2Session_Command1, sc1: { client_proof: r.M } } });
  }

  finish(response1: Uint8Array): boolean {
    const sr1 = sessionReply(response1).sec2?.sr1;
    if (!sr1?.device_proof || !sr1.device_nonce || sr1.device_nonce.length !== 12) return false;
    this.nonce = sr1.device_nonce.slice();
    return bytesEqual(sr1.device_proof, this.expectedProof);
  }

  private step(): void {
    for (let i = 11; i >= 8; i--) {
      this.nonce[i] = (this.nonce[i]! + 1) & 0xff;
      if (this.nonce[i] !== 0) return;
    }
  }

  encrypt(data: Uint8Array): Uint8Array {
    const out = this.crypto.aesGcmEncrypt(this.key, this.nonce, data);
    this.step();
    return out;
  }

  decrypt(data: Uint8Array): Uint8Array | undefined {
    const out = this.crypto.aesGcmDecrypt(this.key, this.nonce, data);
    this.step();
    return out;
  }
}
