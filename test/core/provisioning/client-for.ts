import { utf8Encode } from "../../../firmware/protocol/bytes";
import { createSec0Client, createSec1Client, createSec2Client, ProvClient, type ProvTransport } from "../../../firmware/protocol/protocomm/client/index";
import { createCrypto } from "../../../host-sim/adapters/crypto";
import { createHostClientMath } from "../../../scripts/prov-client/client-math";

/** Our client for a given security version; `sleep` drives the device's clock in unit tests. */
export function clientFor(transport: ProvTransport, sec: 0 | 1 | 2, pop: string, sleep: (ms: number) => Promise<void>): ProvClient {
  const crypto = createCrypto();
  const math = createHostClientMath();
  const security =
    sec === 0
      ? createSec0Client()
      : sec === 1
        ? createSec1Client({ crypto, math, pop: utf8Encode(pop) })
        : createSec2Client({ crypto, math, username: utf8Encode("wifiprov"), password: utf8Encode(pop) });
  return new ProvClient({ transport, security, sleep });
}
