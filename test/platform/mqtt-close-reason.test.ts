/** How the Moddable MQTT adapter reports why a connection ended; the agent counts only `tls`/`refused` against the credentials. */
import assert from "node:assert/strict";
import { reasonOf } from "../../firmware/platform/moddable/mqtt-close-reason";

const tls = { tls: true, peerAnswered: true, wasOpen: false };

describe("reasonOf (Moddable MQTT close reasons)", () => {
  it("reads the CONNACK return code the legacy client reports", () => {
    assert.deepEqual(reasonOf("server rejected mqtt request with code 5", tls), { type: "refused", returnCode: 5 });
  });

  it("calls a socket error during the TLS handshake a TLS failure", () => {
    assert.deepEqual(reasonOf("socket error -2", tls), { type: "tls", message: "socket error -2" });
  });

  it("calls a connection the server never answered (broker down) a network failure, not a TLS one", () => {
    assert.deepEqual(reasonOf("socket error -2", { ...tls, peerAnswered: false }), { type: "network", message: "socket error -2" });
  });

  it("calls the loss of an open session a network failure", () => {
    assert.deepEqual(reasonOf("socket error -1", { ...tls, wasOpen: true }), { type: "network", message: "socket error -1" });
  });

  it("never reports TLS on a plain connection and names a silent close", () => {
    assert.equal(reasonOf("socket error -2", { tls: false, peerAnswered: true, wasOpen: false }).type, "network");
    assert.deepEqual(reasonOf(undefined, tls), { type: "network", message: "connection closed by the peer" });
    assert.deepEqual(reasonOf("", tls), { type: "network", message: "connection failed" });
  });
});
