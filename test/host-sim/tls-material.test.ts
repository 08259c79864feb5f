import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import type { KeyObject } from "node:crypto";
import fc from "fast-check";
import { clientKeyProblem } from "../../host-sim/adapters/tls-material";

const pkcs8 = (key: KeyObject): Uint8Array => new Uint8Array(key.export({ format: "der", type: "pkcs8" }));

describe("host TLS material: the client key check (Moddable signs only with RSA)", () => {
  const rsa = pkcs8(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);

  it("accepts an RSA PKCS#8 key and names the algorithm of every other key node:crypto makes", () => {
    assert.equal(clientKeyProblem(rsa), undefined);
    assert.equal(clientKeyProblem(pkcs8(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey)), "client key is ec; Moddable's TLS signs only with RSA keys");
    const others = [generateKeyPairSync("ed25519").privateKey, generateKeyPairSync("x25519").privateKey, generateKeyPairSync("rsa-pss", { modulusLength: 2048 }).privateKey];
    for (const other of others.map(pkcs8)) {
      assert.equal(clientKeyProblem(other), "client key is of another algorithm; Moddable's TLS signs only with RSA keys");
    }
  });

  it("refuses a PKCS#1 RSA key, every truncation of a PKCS#8 one and trailing bytes as not PKCS#8 DER", () => {
    const pkcs1 = new Uint8Array(generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ format: "der", type: "pkcs1" }));
    assert.match(clientKeyProblem(pkcs1)!, /^client key is not PKCS#8 DER: /);
    for (let n = 0; n < rsa.length; n += 7) assert.match(clientKeyProblem(rsa.subarray(0, n))!, /^client key is not PKCS#8 DER: /);
    assert.match(clientKeyProblem(Uint8Array.from([...rsa, 0]))!, /^client key is not PKCS#8 DER: /);
  });

  it("property: arbitrary bytes never throw and never pass as an RSA key", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.match(clientKeyProblem(bytes)!, /^client key is /);
      }),
      { numRuns: 500 },
    );
  });
});
