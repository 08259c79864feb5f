import assert from "node:assert/strict";
import { toHex, utf8Encode } from "../../../firmware/protocol/bytes";
import { decode, encode } from "../../../firmware/protocol/protocomm/wire";
import { ProtoError } from "../../../firmware/protocol/protocomm/proto-error";
import {
  RMakerChRespPayload,
  RMakerChRespStatus,
  RMakerConfigPayload,
  RMakerConfigStatus,
  Status,
  WiFiCtrlPayload,
  WiFiScanPayload,
} from "../../../firmware/protocol/protocomm/schemas/index";
import {
  createChallengeResponseHandler,
  createProtocomm,
  createProvConfigHandler,
  createProvCtrlHandler,
  createProvScanHandler,
  createSec0,
  createUserMappingHandler,
  parseSessionCookie,
  sessionIdFromRandom,
} from "../../../firmware/protocol/protocomm/index";
import type { LogLevel } from "../../../firmware/ports/log";
import { getTestCrypto } from "../../helpers/crypto-port";
import { createSimulatedWifi } from "./helpers/simulated-wifi";
import { PROVISIONING_VECTORS } from "./helpers/all-vectors";

const device = PROVISIONING_VECTORS.sec0!.device;

describe("protocomm endpoint handlers", () => {
  it("cloud_user_assoc: returns the node id, or the hook's refusal status", () => {
    const seen: string[] = [];
    let refuse = false;
    const h = createUserMappingHandler({
      onUserMapping(user, secret) {
        seen.push(`${user}/${secret}`);
        return refuse ? { status: RMakerConfigStatus.InvalidState } : { nodeId: "NODE1" };
      },
    });
    const req = encode(RMakerConfigPayload, { msg: 0, cmd_set_user_mapping: { UserID: "u1", SecretKey: "s1" } });
    assert.equal(toHex(h(req)), "08015a0712054e4f444531");
    refuse = true;
    const r = decode(RMakerConfigPayload, h(req));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { msg: 1, resp_set_user_mapping: { Status: RMakerConfigStatus.InvalidState } });
    const empty = decode(RMakerConfigPayload, h(encode(RMakerConfigPayload, { cmd_set_user_mapping: {} })));
    assert.ok(empty.ok);
    assert.equal(empty.value.resp_set_user_mapping?.Status, RMakerConfigStatus.InvalidParam);
    assert.deepEqual(seen, ["u1/s1", "u1/s1"]);
  });

  it("ch_resp: signs challenges, reports the node id, honours disable", () => {
    let enabled = true;
    const h = createChallengeResponseHandler({
      nodeId: () => "N1",
      enabled: () => enabled,
      sign: (c) => (c.length > 3 ? Uint8Array.of(...c.slice(0, 2), 0xee) : undefined),
      disable: () => void (enabled = false),
    });
    const ask = (payload: Uint8Array) => {
      const r = decode(RMakerChRespPayload, h(encode(RMakerChRespPayload, { msg: 0, cmdChallengeResponsePayload: { payload } })));
      assert.ok(r.ok);
      return r.value;
    };
    assert.deepEqual(ask(utf8Encode("abcd")), {
      msg: 1,
      respChallengeResponsePayload: { payload: Uint8Array.of(0x61, 0x62, 0xee), node_id: "N1" },
    });
    assert.equal(ask(utf8Encode("ab")).status, RMakerChRespStatus.Fail);
    assert.equal(ask(new Uint8Array(0)).status, RMakerChRespStatus.InvalidParam);
    const id = decode(RMakerChRespPayload, h(encode(RMakerChRespPayload, { msg: 2, cmdGetNodeIDPayload: {} })));
    assert.ok(id.ok);
    assert.deepEqual(id.value, { msg: 3, respGetNodeIDPayload: { node_id: "N1" } });
    assert.equal(toHex(h(encode(RMakerChRespPayload, { msg: 4, cmdDisableChalRespPayload: {} }))), "08057a00");
    assert.equal(ask(utf8Encode("abcd")).status, RMakerChRespStatus.Disabled);
  });

  it("prov-scan: refuses a result range past the scan with InvalidArgument", () => {
    const h = createProvScanHandler(createSimulatedWifi(device));
    const r = decode(WiFiScanPayload, h(encode(WiFiScanPayload, { msg: 4, cmd_scan_result: { start_index: 3, count: 2 } })));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { msg: 5, status: Status.InvalidArgument, resp_scan_result: {} });
  });

  it("prov-ctrl: reset outside the failed state and reprovision answer InternalError", () => {
    const h = createProvCtrlHandler(createSimulatedWifi(device));
    for (const [msg, key] of [[1, "cmd_ctrl_reset"], [3, "cmd_ctrl_reprov"]] as const) {
      const r = decode(WiFiCtrlPayload, h(encode(WiFiCtrlPayload, { msg, [key]: {} })));
      assert.ok(r.ok);
      assert.equal(r.value.status, Status.InternalError);
      assert.equal(r.value.msg, msg + 1);
    }
  });

  it("throws a ProtoError on malformed requests and an Error on unknown message types", () => {
    const h = createProvConfigHandler(createSimulatedWifi(device));
    assert.throws(() => h(Uint8Array.of(0x62, 0x09)), ProtoError);
    assert.throws(() => h(Uint8Array.of(0x08, 0x09)), /unsupported msg 9/);
  });

  it("logs why it closed a connection", () => {
    const lines: string[] = [];
    const log = { log: (level: LogLevel, tag: string, m: string) => void lines.push(`${level} ${tag} ${m}`) };
    const pc = createProtocomm({ crypto: getTestCrypto(), security: createSec0(), protoVersion: "{}", log });
    pc.register("prov-config", createProvConfigHandler(createSimulatedWifi(device)));
    const r = pc.handle({ endpoint: "prov-config", body: Uint8Array.of(0x62, 0x09), connectionId: 1 });
    assert.ok("close" in r);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^warn protocomm prov-config: .*past the end/);
  });
});

describe("session cookie", () => {
  it("reads the u32 session id little-endian from 4 random bytes", () => {
    assert.equal(sessionIdFromRandom(Uint8Array.of(0x59, 0x0b, 0x25, 0x31)), 0x31250b59);
    assert.equal(sessionIdFromRandom(Uint8Array.of(0xff, 0xff, 0xff, 0xff)), 4294967295);
    assert.throws(() => sessionIdFromRandom(new Uint8Array(3)), RangeError);
  });

  it("parses the session value among other cookies and rejects non-u32 values", () => {
    assert.equal(parseSessionCookie("session=836388185"), 836388185);
    assert.equal(parseSessionCookie("a=b; session=7 "), 7);
    assert.equal(parseSessionCookie("session=4294967296"), undefined);
    assert.equal(parseSessionCookie("session=-1"), undefined);
    assert.equal(parseSessionCookie("sessions=1"), undefined);
    assert.equal(parseSessionCookie(undefined), undefined);
  });
});
