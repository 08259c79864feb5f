import type { CryptoPort } from "../../../firmware/ports/crypto";
import { x25519, x25519PublicKey } from "../../../firmware/crypto/index";
import { utf8Encode } from "../../../firmware/protocol/bytes";
import { createSec0Client, createSec1Client, createSec2Client, ProvClient, type ClientMath, type ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { createSrpClientRun } from "../../../scripts/prov-client/srp-client";
import { getTestCrypto } from "../../helpers/crypto-port";

/** Client maths without host APIs (so these tests also run on XS); the e2e tests use the node:crypto one. */
export function portClientMath(crypto: CryptoPort): ClientMath {
  return {
    x25519,
    x25519PublicKey,
    srpClient: (username, password, a) => createSrpClientRun((d) => crypto.hash("SHA-512", d), username, password, a),
  };
}

/** Our client for a given security version; `sleep` drives the device's clock in unit tests. */
export function clientFor(transport: ProvTransport, sec: 0 | 1 | 2, pop: string, sleep: (ms: number) => Promise<void>, math?: ClientMath): ProvClient {
  const crypto = getTestCrypto();
  const m = math ?? portClientMath(crypto);
  const security =
    sec === 0
      ? createSec0Client()
      : sec === 1
        ? createSec1Client({ crypto, math: m, pop: utf8Encode(pop) })
        : createSec2Client({ crypto, math: m, username: utf8Encode("wifiprov"), password: utf8Encode(pop) });
  return new ProvClient({ transport, security, sleep });
}
