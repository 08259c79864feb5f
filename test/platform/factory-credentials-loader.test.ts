/** First-boot install of the credentials built into the image (`flash --credentials`), with a fake resource reader and a memory kv. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { clearCredentials, loadCredentials, saveCredentials } from "../../firmware/core/claiming/credentials";
import type { NodeCredentials } from "../../firmware/core/claiming/credentials";
import { utf8Encode } from "../../firmware/protocol/bytes";
import { base64Encode } from "../../firmware/protocol/der/pem";
import { FactoryCredentials, installFactoryCredentials, parseFactoryCredentials } from "../../firmware/platform/moddable/factory-credentials-loader";
import type { ResourceReader } from "../../firmware/platform/moddable/factory-credentials-loader";
import { createMemoryKv } from "../../host-sim/fakes/kv";

/** A DER SEQUENCE of `n` content bytes (the loader checks DER framing; the flash step checks X.509 and PKCS#8). */
function seq(n: number, fill: number): Uint8Array {
  const body = new Uint8Array(n).fill(fill);
  const head = n < 128 ? [0x30, n] : [0x30, 0x82, n >> 8, n & 255];
  return Uint8Array.from([...head, ...body]);
}

function resourceDoc(nodeId: string, cert: Uint8Array, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: FactoryCredentials.format, node_id: nodeId, mqtt_host: "mqtt.example.com", mqtt_port: 8883,
    certificate: base64Encode(cert), private_key: base64Encode(seq(1200, 2)), ca_certificate: base64Encode(seq(800, 3)), chain: [], ...extra,
  };
}

const bytesOf = (doc: unknown): Uint8Array => utf8Encode(JSON.stringify(doc));

function reader(resource: Uint8Array | undefined): ResourceReader & { names: string[] } {
  const names: string[] = [];
  return Object.assign((name: string) => (names.push(name), name === FactoryCredentials.resource ? resource : undefined), { names });
}

function logs(): { lines: string[]; log(level: string, tag: string, message: string): void } {
  const lines: string[] = [];
  return { lines, log: (level, tag, message) => lines.push(`${level} ${tag}: ${message}`) };
}

describe("platform/moddable factory credentials", () => {
  const image = bytesOf(resourceDoc("NODE1", seq(900, 1)));

  it("does nothing when the image carries no credentials", () => {
    const kv = createMemoryKv();
    const log = logs();
    const read = reader(undefined);
    assert.equal(installFactoryCredentials(read, kv, log), "absent");
    assert.deepEqual(read.names, ["xsr-node-credentials.json"]);
    assert.equal(kv.writeCount(), 0);
    assert.deepEqual(log.lines, []);
  });

  it("installs once; later boots ignore the image, even after the credentials are cleared", () => {
    const kv = createMemoryKv();
    const log = logs();
    assert.equal(installFactoryCredentials(reader(image), kv, log), "installed");
    assert.deepEqual(log.lines, ["info claim: node NODE1: credentials installed from the firmware image"]);
    const creds = loadCredentials(kv)!;
    assert.deepEqual(creds, parseFactoryCredentials(image));
    assert.equal(creds.mqttHost, "mqtt.example.com");
    const writes = kv.writeCount();
    assert.equal(installFactoryCredentials(reader(image), kv, log), "already");
    assert.equal(kv.writeCount(), writes);
    clearCredentials(kv);
    assert.equal(installFactoryCredentials(reader(image), kv, log), "already");
    assert.equal(loadCredentials(kv), undefined);
  });

  it("keeps other stored credentials, and installs an image with new credentials once they are cleared", () => {
    const kv = createMemoryKv();
    const other: NodeCredentials = { nodeId: "OLD", certificate: seq(500, 9), privateKey: seq(600, 8), mqttHost: "old", mqttPort: 1 };
    saveCredentials(kv, other);
    const log = logs();
    assert.equal(installFactoryCredentials(reader(image), kv, log), "kept");
    assert.match(log.lines[0]!, /^warn claim: stored credentials of node OLD kept; the image's for node NODE1/);
    assert.equal(loadCredentials(kv)!.nodeId, "OLD");
    clearCredentials(kv);
    assert.equal(installFactoryCredentials(reader(image), kv, log), "installed");
    assert.equal(loadCredentials(kv)!.nodeId, "NODE1");
  });

  it("survives a power cut at every write: old or new complete set, and the next boot finishes", () => {
    const probe = createMemoryKv();
    installFactoryCredentials(reader(image), probe, logs());
    const total = probe.writeCount();
    assert.ok(total >= 3);
    for (let cut = 0; cut < total; cut++) {
      let allowed = cut;
      let flash = {};
      const kv = createMemoryKv({ persist: (s) => {
        if (allowed-- <= 0) throw new Error("power cut");
        flash = s;
      } });
      const outcome = installFactoryCredentials(reader(image), kv, logs());
      assert.ok(outcome === "invalid" || outcome === "installed", `cut ${cut}: ${outcome}`);
      const rebooted = createMemoryKv({ initial: flash });
      const seen = loadCredentials(rebooted);
      assert.ok(seen === undefined || seen.nodeId === "NODE1");
      const log = logs();
      const next = installFactoryCredentials(reader(image), rebooted, log);
      assert.ok(next === "installed" || next === "already", `cut ${cut}: next boot ${next}`);
      assert.deepEqual(loadCredentials(rebooted), parseFactoryCredentials(image));
      assert.equal(installFactoryCredentials(reader(image), rebooted, log), "already");
    }
  });

  const malformed: Array<[string, Uint8Array, RegExp]> = [
    ["not JSON", utf8Encode("{"), /image credentials ignored: /],
    ["a non-ASCII byte", utf8Encode(JSON.stringify(resourceDoc("N\u00e9", seq(10, 1)))), /resource is not ASCII/],
    ["JSON null", utf8Encode("null"), /not a JSON object/],
    ["wrong format", bytesOf({ ...resourceDoc("N", seq(10, 1)), format: "x" }), /format is not xs-rainmaker-node-credentials\/1/],
    ["no node id", bytesOf(resourceDoc("", seq(10, 1))), /node_id missing/],
    ["port 0", bytesOf(resourceDoc("N", seq(10, 1), { mqtt_port: 0 })), /mqtt_port is not 1\.\.65535/],
    ["certificate not base64", bytesOf(resourceDoc("N", seq(10, 1), { certificate: "!!" })), /certificate is not base64/],
    ["key not DER", bytesOf(resourceDoc("N", seq(10, 1), { private_key: "AAAA" })), /private_key is not DER/],
    ["chain not a list", bytesOf(resourceDoc("N", seq(10, 1), { chain: 1 })), /chain is not a list/],
    ["too big", new Uint8Array(FactoryCredentials.maxBytes + 1), /resource over 49152 bytes/],
  ];
  for (const [name, resource, expected] of malformed) {
    it(`refuses a resource with ${name}: one error line, nothing stored`, () => {
      const kv = createMemoryKv();
      const log = logs();
      assert.equal(installFactoryCredentials(reader(resource), kv, log), "invalid");
      assert.equal(log.lines.length, 1);
      assert.match(log.lines[0]!, /^error claim: /);
      assert.match(log.lines[0]!, expected);
      assert.equal(kv.writeCount(), 0);
    });
  }

  it("logs a reader that throws", () => {
    const log = logs();
    const outcome = installFactoryCredentials(() => {
      throw new Error("resource map damaged");
    }, createMemoryKv(), log);
    assert.equal(outcome, "invalid");
    assert.deepEqual(log.lines, ["error claim: image credentials unreadable: resource map damaged"]);
  });

  it("refuses credentials the kv cannot hold without touching stored state", () => {
    const kv = createMemoryKv();
    const huge = bytesOf(resourceDoc("N", seq(4000, 1), { chain: Array(5).fill(base64Encode(seq(10, 1))) }));
    const log = logs();
    assert.equal(installFactoryCredentials(reader(huge), kv, log), "invalid");
    assert.match(log.lines[0]!, /^error claim: image credentials not stored: /);
    assert.equal(loadCredentials(kv), undefined);
  });

  it("never throws on arbitrary bytes or field values; stores only what it parsed", () => {
    const fields = ["format", "node_id", "mqtt_host", "mqtt_port", "certificate", "private_key", "ca_certificate", "chain"];
    const doc = resourceDoc("NODE1", seq(900, 1));
    const arb = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.tuple(fc.constantFrom(...fields), fc.jsonValue()).map(([f, v]) => bytesOf({ ...doc, [f]: v })),
    );
    fc.assert(
      fc.property(arb, (resource) => {
        const kv = createMemoryKv();
        const outcome = installFactoryCredentials(reader(resource), kv, logs());
        if (outcome === "installed") assert.deepEqual(loadCredentials(kv), parseFactoryCredentials(resource));
        else {
          assert.equal(outcome, "invalid");
          assert.equal(loadCredentials(kv), undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});
