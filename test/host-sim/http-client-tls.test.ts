import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { createHttpClient } from "../../host-sim/adapters/http-client";
import { readAll } from "../contract/http-client.contract";
import { createTestPki, type TestPki } from "./test-pki";

describe("HTTP client adapter over TLS", function () {
  this.timeout(20000);
  let pki: TestPki;
  let server: Server;
  let base: string;
  const seenClientCn: string[] = [];

  before(async () => {
    pki = await createTestPki();
    server = createServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: [pki.ca.certPem], requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const peer = (req.socket as import("node:tls").TLSSocket).getPeerCertificate();
      seenClientCn.push(String(peer.subject?.CN ?? "none"));
      res.end(`hello ${req.headers["range"] ?? ""}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("verifies the server against the given CA (DER) and reads the body", async () => {
    const response = await createHttpClient().request({ method: "GET", url: `${base}/fw.bin`, headers: { Range: "bytes=10-" }, tls: { ca: [pki.ca.certDer] } });
    assert.equal(response.status, 200);
    assert.equal(new TextDecoder().decode(await readAll(response)), "hello bytes=10-");
  });

  it("presents a client certificate when one is given", async () => {
    const response = await createHttpClient().request({
      method: "GET", url: `${base}/`, tls: { ca: [pki.ca.certDer], certificates: [pki.client.certDer], key: pki.client.keyPkcs8Der },
    });
    await readAll(response);
    assert.equal(seenClientCn.at(-1), "node-test");
  });

  it("rejects a server certificate that does not chain to the given CA", async () => {
    await assert.rejects(createHttpClient().request({ method: "GET", url: `${base}/`, tls: { ca: [pki.client.certDer] } }), /certificate/i);
  });
});
