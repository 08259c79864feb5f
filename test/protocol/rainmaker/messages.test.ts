import assert from "node:assert/strict";
import fc from "fast-check";
import { ALERT_KEY, decodeAlert, encodeAlert, truncateAlert } from "../../../firmware/protocol/rainmaker/alert";
import {
  decodeClaimInitiate, decodeClaimInitiateResponse, decodeClaimVerify, decodeClaimVerifyResponse, encodeClaimInitiate,
  encodeClaimInitiateResponse, encodeClaimVerify, encodeClaimVerifyResponse, macToClaimHex,
} from "../../../firmware/protocol/rainmaker/claim";
import {
  decodeOtaFetch, decodeOtaStatus, decodeOtaUrl, encodeOtaFetch, encodeOtaStatus, encodeOtaUrl, OtaStatus,
} from "../../../firmware/protocol/rainmaker/ota";
import { decodeSimpleTsData, decodeTsData, encodeSimpleTsData, encodeTsData, tsName } from "../../../firmware/protocol/rainmaker/tsdata";
import { decodeUserMapping, encodeResetReport, encodeUserMapping, isResetReport } from "../../../firmware/protocol/rainmaker/user-mapping";

const CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
const CERT = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
const HMAC = "AB".repeat(64);

function errorOf(r: { ok: boolean; error?: string }): string {
  assert.equal(r.ok, false);
  return r.error!;
}

describe("protocol/rainmaker/ota", () => {
  it("encodes otafetch and otastatus in SDK key order", () => {
    assert.equal(encodeOtaFetch({ nodeId: "N1", fwVersion: "1.0.0" }), '{"node_id":"N1","fw_version":"1.0.0"}');
    assert.equal(encodeOtaFetch({ nodeId: "N1", fwVersion: "1", networkId: "ab12cd34" }), '{"node_id":"N1","fw_version":"1","network_id":"ab12cd34"}');
    assert.equal(encodeOtaStatus({ otaJobId: "j1", status: OtaStatus.InProgress, additionalInfo: "Downloading Firmware Image", ts: 1700000000 }),
      '{"ota_job_id":"j1","status":"in-progress","additional_info":"Downloading Firmware Image","ts":1700000000}');
    assert.equal(encodeOtaStatus({ otaJobId: "j1", status: "success", networkId: "n", additionalInfo: "", ts: 1 }),
      '{"ota_job_id":"j1","status":"success","network_id":"n","additional_info":"","ts":1}');
    assert.deepEqual(Object.values(OtaStatus), ["in-progress", "success", "failed", "delayed", "rejected"]);
  });

  it("decodes a full otaurl job and round-trips it", () => {
    const text = '{"ota_job_id":"job-1","url":"https://ota.example/fw.bin","file_size":123456,"fw_version":"2.0.0","file_md5":"0123456789abcdef0123456789ABCDEF","stream_id":"s1","metadata":{"download_window":{"start":120,"end":300},"validity":{"start":1700000000,"end":1800000000}}}';
    const r = decodeOtaUrl(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, {
      otaJobId: "job-1", url: "https://ota.example/fw.bin", fileSize: 123456, fwVersion: "2.0.0", fileMd5: "0123456789abcdef0123456789ABCDEF",
      streamId: "s1", metadata: { downloadWindow: { start: 120, end: 300 }, validity: { start: 1700000000, end: 1800000000 } },
    });
    assert.equal(encodeOtaUrl(r.value), text);
    const min = decodeOtaUrl('{"ota_job_id":"j","url":"http://127.0.0.1:8080/x"}');
    assert.ok(min.ok && min.value.fileSize === undefined);
  });

  it("rejects invalid otaurl jobs with a reason", () => {
    const cases: [string, RegExp][] = [
      ['{"url":"https://a/b"}', /missing "ota_job_id"/],
      ['{"ota_job_id":"","url":"https://a/b"}', /ota_job_id/],
      [`{"ota_job_id":"${"j".repeat(64)}","url":"https://a/b"}`, /longer than 63/],
      ['{"ota_job_id":"j"}', /missing "url"/],
      ['{"ota_job_id":"j","url":"ftp://a/b"}', /http\(s\) URL/],
      ['{"ota_job_id":"j","url":"https://a/b","file_size":"12"}', /file_size/],
      ['{"ota_job_id":"j","url":"https://a/b","file_size":12.0}', /file_size/],
      ['{"ota_job_id":"j","url":"https://a/b","file_size":-1}', /file_size/],
      ['{"ota_job_id":"j","url":"https://a/b","filesize":12,"file_md5":"xyz"}', /file_md5/],
      ['{"ota_job_id":"j","url":"https://a/b","metadata":[]}', /metadata/],
      ['{"ota_job_id":"j","url":"https://a/b","metadata":{"download_window":{"start":0,"end":2000}}}', /end/],
      ['{"ota_job_id":"j","url":"https://a/b","metadata":{"validity":{"start":5,"end":4}}}', /after its end/],
      ['{"ota_job_id":"j","url":"https://a/b","metadata":{"validity":{"start":5.0,"end":6}}}', /start/],
      ["[]", /JSON object/], ["{", /not valid JSON/],
    ];
    for (const [text, re] of cases) assert.match(errorOf(decodeOtaUrl(text)), re, text);
  });

  it("decodes otafetch/otastatus on the cloud side", () => {
    assert.deepEqual(decodeOtaFetch('{"node_id":"N","fw_version":"1"}'), { ok: true, value: { nodeId: "N", fwVersion: "1" } });
    const s = decodeOtaStatus('{"ota_job_id":"j","status":"failed","additional_info":"x","ts":5}');
    assert.ok(s.ok && s.value.status === "failed");
    assert.match(errorOf(decodeOtaStatus('{"ota_job_id":"j","status":"invalid","ts":5}')), /unknown status/);
    assert.match(errorOf(decodeOtaStatus('{"ota_job_id":"j","status":"success"}')), /ts/);
  });
});

describe("protocol/rainmaker/user-mapping", () => {
  it("encodes the mapping and the reset report", () => {
    assert.equal(encodeUserMapping({ nodeId: "N", userId: "u1", secretKey: "s" }), '{"node_id":"N","user_id":"u1","secret_key":"s"}');
    assert.equal(encodeUserMapping({ nodeId: "N", userId: "u1", secretKey: "s", reset: true }), '{"node_id":"N","user_id":"u1","secret_key":"s","reset":true}');
    assert.equal(encodeResetReport("N"), '{"node_id":"N","user_id":"esp-rmaker","secret_key":"failed","reset":true}');
  });

  it("decodes and validates", () => {
    const r = decodeUserMapping(encodeResetReport("N"));
    assert.ok(r.ok && isResetReport(r.value));
    const plainMap = decodeUserMapping('{"node_id":"N","user_id":"u","secret_key":"k"}');
    assert.ok(plainMap.ok && !isResetReport(plainMap.value) && plainMap.value.reset === undefined);
    assert.match(errorOf(decodeUserMapping('{"node_id":"N","user_id":"u","secret_key":"k","reset":"yes"}')), /reset/);
    assert.match(errorOf(decodeUserMapping('{"node_id":"N","secret_key":"k"}')), /user_id/);
    assert.match(errorOf(decodeUserMapping('{"node_id":"N","user_id":"u","secret_key":{"a":1}}')), /secret_key|JSON/);
  });
});

describe("protocol/rainmaker/alert", () => {
  it("encodes text alerts truncated to 100 bytes", () => {
    assert.equal(encodeAlert("Door open"), '{"esp.alert.str":"Door open"}');
    assert.equal(JSON.parse(encodeAlert("x".repeat(150)))[ALERT_KEY], "x".repeat(100));
    assert.equal(truncateAlert("\u00e9".repeat(60)), "\u00e9".repeat(50));
    assert.equal(truncateAlert("a" + "\u{1F600}".repeat(30)), "a" + "\u{1F600}".repeat(24));
  });

  it("decodes text and notify-params alerts", () => {
    assert.deepEqual(decodeAlert('{"esp.alert.str":"hi"}'), { ok: true, value: { kind: "text", message: "hi" } });
    const p = decodeAlert('{"Light":{"Power":true}}');
    assert.ok(p.ok && p.value.kind === "params" && p.value.params["Light"]!["Power"] === true);
    assert.equal(decodeAlert('{"Light":true}').ok, false);
    assert.equal(decodeAlert('{"esp.alert.str":5}').ok, false);
  });
});

describe("protocol/rainmaker/tsdata", () => {
  it("encodes ts_data and simple_tsdata", () => {
    assert.equal(encodeTsData([{ name: tsName("Temperature Sensor", "Temperature"), type: "esp.param.temperature", dataType: "float", records: [{ t: 1700000000, v: 24.5 }] }]),
      '{"ts_data_version":"2021-09-13","ts_data":[{"name":"Temperature Sensor.Temperature","type":"esp.param.temperature","dt":"float","records":[{"t":1700000000,"v":24.50000}]}]}');
    assert.equal(encodeSimpleTsData({ name: "Light.Power", dataType: "bool", t: 5, v: true, d: 30 }), '{"name":"Light.Power","dt":"bool","t":5,"v":true,"d":30}');
    assert.throws(() => tsName("D".repeat(60), "Param"), /longer than 65/);
    assert.throws(() => encodeTsData([{ name: "a.b", dataType: "array" as never, records: [] }]), /not allowed/);
  });

  it("decodes what it encodes and refuses bad records", () => {
    const text = encodeTsData([{ name: "L.B", dataType: "int", records: [{ t: 1, v: 5 }, { t: 2, v: 6 }] }, { name: "L.N", dataType: "string", records: [] }]);
    const r = decodeTsData(text);
    assert.ok(r.ok);
    assert.deepEqual(r.value, [{ name: "L.B", dataType: "int", records: [{ t: 1, v: 5 }, { t: 2, v: 6 }] }, { name: "L.N", dataType: "string", records: [] }]);
    assert.match(errorOf(decodeTsData(text.replace("2021-09-13", "2020-01-01"))), /ts_data_version/);
    assert.match(errorOf(decodeTsData(text.replace('"v":5', '"v":5.5'))), /not a int/);
    assert.match(errorOf(decodeTsData(text.replace('"t":1', '"t":1.0'))), /"t"/);
    assert.match(errorOf(decodeTsData(text.replace('"dt":"int"', '"dt":"object"'))), /dt/);
    const s = decodeSimpleTsData('{"name":"L.P","type":"esp.param.power","dt":"bool","t":3,"v":false}');
    assert.deepEqual(s, { ok: true, value: { name: "L.P", type: "esp.param.power", dataType: "bool", t: 3, v: false } });
    assert.match(errorOf(decodeSimpleTsData('{"name":"LP","dt":"bool","t":3,"v":false}')), /device/);
  });
});

describe("protocol/rainmaker/claim", () => {
  it("encodes initiate and verify bodies", () => {
    const mac = macToClaimHex(new Uint8Array([0xaa, 0xbb, 0xcc, 0x01, 0x02, 0x0f]));
    assert.equal(mac, "AABBCC01020F");
    assert.equal(encodeClaimInitiate({ macAddr: mac, platform: "esp32" }), '{"mac_addr":"AABBCC01020F","platform":"esp32"}');
    assert.throws(() => encodeClaimInitiate({ macAddr: "aabbcc01020f", platform: "esp32" }), RangeError);
    assert.throws(() => macToClaimHex(new Uint8Array(5)), RangeError);
    assert.equal(encodeClaimVerify({ authId: "a1", challengeResponse: HMAC, csr: CSR }),
      `{"auth_id":"a1","challenge_response":"${HMAC}","csr":"-----BEGIN CERTIFICATE REQUEST-----\\nMIIB\\n-----END CERTIFICATE REQUEST-----"}`);
    assert.equal(encodeClaimVerify({ csr: CSR, nodePolicies: "videostream" }).endsWith('-----","node_policies":"videostream"}'), true);
    assert.throws(() => encodeClaimVerify({ authId: "a", challengeResponse: HMAC.toLowerCase(), csr: CSR }), RangeError);
    assert.throws(() => encodeClaimVerify({ authId: "a", csr: CSR }), RangeError);
  });

  it("decodes both sides", () => {
    assert.deepEqual(decodeClaimInitiate('{"mac_addr":"AABBCC01020F","platform":"esp32s3"}'), { ok: true, value: { macAddr: "AABBCC01020F", platform: "esp32s3" } });
    assert.match(errorOf(decodeClaimInitiate('{"mac_addr":"AABBCC","platform":"esp32"}')), /mac_addr/);
    const ir = decodeClaimInitiateResponse(encodeClaimInitiateResponse({ authId: "x", challenge: "c" }));
    assert.deepEqual(ir, { ok: true, value: { authId: "x", challenge: "c" } });
    assert.deepEqual(decodeClaimInitiateResponse('{"node_id":"N"}'), { ok: true, value: { nodeId: "N" } });
    assert.match(errorOf(decodeClaimInitiateResponse(`{"auth_id":"${"a".repeat(64)}","challenge":"c"}`)), /63/);
    assert.match(errorOf(decodeClaimInitiateResponse('{"auth_id":"a"}')), /together/);
    assert.match(errorOf(decodeClaimInitiateResponse("{}")), /missing/);
    const v = decodeClaimVerify(encodeClaimVerify({ authId: "a1", challengeResponse: HMAC, csr: CSR }));
    assert.ok(v.ok && v.value.csr === CSR.slice(0, -1) && v.value.challengeResponse === HMAC);
    assert.match(errorOf(decodeClaimVerify('{"csr":"nope"}')), /PEM/);
    const vr = decodeClaimVerifyResponse(encodeClaimVerifyResponse({ certificate: CERT, mqttHost: "127.0.0.1" }));
    assert.deepEqual(vr, { ok: true, value: { certificate: CERT, mqttHost: "127.0.0.1" } });
    assert.match(errorOf(decodeClaimVerifyResponse('{"certificate":""}')), /certificate/);
  });
});

describe("protocol/rainmaker message decoders never throw", () => {
  const decoders = [decodeOtaUrl, decodeOtaFetch, decodeOtaStatus, decodeUserMapping, decodeAlert, decodeTsData, decodeSimpleTsData,
    decodeClaimInitiate, decodeClaimInitiateResponse, decodeClaimVerify, decodeClaimVerifyResponse];
  it("on random text and random JSON objects", () => {
    const keys = fc.constantFrom("ota_job_id", "url", "file_size", "metadata", "node_id", "user_id", "secret_key", "reset", "esp.alert.str",
      "ts_data_version", "ts_data", "name", "dt", "t", "v", "records", "mac_addr", "platform", "auth_id", "challenge", "csr", "certificate", "__proto__");
    const obj = fc.dictionary(keys, fc.jsonValue({ maxDepth: 3 }));
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json({ maxDepth: 4 }), obj.map((o) => JSON.stringify(o))), (text) => {
      for (const d of decoders) {
        const r = d(text) as { ok: boolean; error?: string };
        assert.ok(r.ok || (typeof r.error === "string" && r.error.length > 0));
      }
    }), { numRuns: 300 });
    assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
  });
});
