import assert from "node:assert/strict";
import { makeHarness } from "../cloud-stub/rest/harness";
import type { Harness } from "../cloud-stub/rest/harness";

describe("dashboard static files on the REST port", function () {
  this.timeout(20_000);
  let w: Harness;
  before(() => {
    w = makeHarness();
  });
  after(() => w.app.close());

  it("serves the page at / and the esbuild bundle it references", async () => {
    const page = await w.app.http.inject({ method: "GET", url: "/" });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers["content-type"] as string, /^text\/html/);
    for (const [, src] of page.body.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)) {
      const asset = await w.app.http.inject({ method: "GET", url: src! });
      assert.equal(asset.statusCode, 200, src);
      assert.ok(asset.body.length > 100, src);
    }
    const js = await w.app.http.inject({ method: "GET", url: "/dashboard/app.js" });
    assert.match(js.headers["content-type"] as string, /^text\/javascript/);
    assert.ok(js.body.includes("/v1/user/events"), "bundle uses the live channel");
  });

  it("answers unknown or malformed file names with the API's JSON failure", async () => {
    for (const [url, status] of [["/dashboard/secret.ts", 404], ["/dashboard/..%2Fpackage.json", 400], ["/dashboard/APP.JS", 400]] as const) {
      const res = await w.app.http.inject({ method: "GET", url });
      assert.equal(res.statusCode, status, url);
      assert.equal(res.json().status, "failure");
    }
  });
});

describe("dashboard add-device data: GET /v1/user/dashboard/add-device", () => {
  it("lists the QR payloads the app was given and needs a login", async () => {
    const { createCloudApp } = await import("../../cloud-stub/app");
    const { MemoryStore } = await import("../../cloud-stub/store/memory");
    const { seedUser, login, RecordingBus } = await import("../cloud-stub/rest/harness");
    const store = new MemoryStore();
    const qr = { ver: "v1", name: "PROV_1a2b3c", pop: "abcd1234", transport: "softap" };
    const app = createCloudApp({ store, bus: new RecordingBus(), qrPayloads: () => [qr] });
    try {
      await seedUser(store, { user_id: "u1", user_name: "u@example.com", password: "u-pass-1234", name: "U" });
      const { accesstoken } = await login(app, "u@example.com", "u-pass-1234");
      const anonymous = await app.http.inject({ method: "GET", url: "/v1/user/dashboard/add-device" });
      assert.equal(anonymous.statusCode, 401);
      const res = await app.http.inject({ method: "GET", url: "/v1/user/dashboard/add-device", headers: { authorization: accesstoken } });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().qr_payloads, [qr]);
    } finally {
      await app.close();
    }
  });
});
