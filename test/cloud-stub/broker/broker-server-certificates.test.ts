import assert from "node:assert/strict";
import { connect as tlsConnect } from "node:tls";
import type { ConnectionOptions, TLSSocket } from "node:tls";
import { PemConverter } from "../../../cloud-stub/pki/x509";
import { nodeTlsContextOptions } from "../../../host-sim/adapters/tls-material";
import { startBrokerHarness } from "./fixtures";
import type { BrokerHarness, NodeCredentials } from "./fixtures";

const NODE = "CCCCCCCCCCCC";

/** The suites Moddable's TLS offers, in the order of its supportedCipherSuites (`moddable.md` TLS). */
const ModdableSuites = [
  "AES128-SHA", "AES256-SHA", "AES128-SHA256", "AES256-SHA256",
  "DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256", "DHE-RSA-AES128-GCM-SHA256",
  "ECDHE-RSA-AES128-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
].join(":");

interface Handshake { keyType: string | undefined; cipher: string; protocol: string | null }

describe("cloud-stub broker: RSA and ECDSA server certificates", function () {
  this.timeout(30_000);
  let h: BrokerHarness;
  let creds: NodeCredentials;
  const sockets: TLSSocket[] = [];
  before(async () => {
    h = await startBrokerHarness();
    creds = await h.credentials(NODE, "rsa-2048");
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await h.close();
  });

  function handshake(extra: ConnectionOptions): Promise<Handshake> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect(
        { host: h.broker.host, port: h.broker.port, key: creds.keyPem, cert: creds.certPem, ca: h.pki.authority.caPem, ...extra },
        () => resolve({ keyType: socket.getPeerX509Certificate()?.publicKey.asymmetricKeyType, cipher: socket.getCipher().name, protocol: socket.getProtocol() }),
      );
      sockets.push(socket);
      socket.once("error", reject);
    });
  }

  it("serves the RSA certificate to a TLS 1.2 client that offers only ECDHE-RSA-AES128-GCM-SHA256", async () => {
    const r = await handshake({ maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256" });
    assert.deepEqual(r, { keyType: "rsa", cipher: "ECDHE-RSA-AES128-GCM-SHA256", protocol: "TLSv1.2" });
  });

  it("serves a Moddable device's offer the same RSA suite as an RSA-only broker, never ECDHE-ECDSA", async () => {
    // Moddable runs ECDHE-ECDSA-AES128-GCM-SHA256 as ECDHE-RSA, so it must never be picked for it.
    const r = await handshake({ maxVersion: "TLSv1.2", ciphers: ModdableSuites });
    assert.deepEqual(r, { keyType: "rsa", cipher: "ECDHE-RSA-AES128-GCM-SHA256", protocol: "TLSv1.2" });
  });

  it("serves the ECDSA certificate to a default Node client (TLS 1.3)", async () => {
    const r = await handshake({});
    assert.equal(r.keyType, "ec");
    assert.equal(r.protocol, "TLSv1.3");
  });

  it("serves the ECDSA certificate to the simulator's device TLS options (TLS 1.2)", async () => {
    const der = (pem: string) => new Uint8Array(PemConverter.decode(pem)[0]!);
    const options = nodeTlsContextOptions(h.broker.host, {
      ca: [der(h.pki.authority.caPem)],
      certificates: [der(creds.certPem)],
      key: der(creds.keyPem),
    });
    const r = await handshake({ ...options, key: undefined, cert: undefined, ca: undefined, port: h.broker.port });
    assert.deepEqual(r, { keyType: "ec", cipher: "ECDHE-ECDSA-AES256-GCM-SHA384", protocol: "TLSv1.2" });
  });

  it("still completes the MQTT session over the ECDSA certificate", async () => {
    const client = await h.connectClient(creds, NODE);
    const socket = client.stream as TLSSocket;
    assert.equal(socket.getPeerX509Certificate()?.publicKey.asymmetricKeyType, "ec");
    await client.endAsync();
  });
});
