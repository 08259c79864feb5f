import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { makeCsr } from "../pki/fixtures";
import { startCloudHarness } from "./fixtures";
import type { CloudHarness } from "./fixtures";

describe("cloud-stub server: public host", function () {
  this.timeout(30_000);
  let h: CloudHarness;
  before(async () => {
    h = await startCloudHarness({ publicHost: "xsr-cloud.local" });
  });
  after(async () => h.close());

  it("advertises the public host as mqtt_host and puts it in the server certificate", async () => {
    assert.match(h.server.urls.mqtt, /^mqtts:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(h.server.mqttHost, "xsr-cloud.local");
    const cert = new X509Certificate(await readFile(join(h.dir, "server.crt"), "utf8"));
    assert.equal(cert.checkHost("xsr-cloud.local"), "xsr-cloud.local");
    assert.equal(cert.checkIP("127.0.0.1"), "127.0.0.1");
    const token = await h.userToken();
    await h.post("/claim/initiate", { mac_addr: "30AEA4777777", platform: "esp32" }, { token });
    const verify = await h.post("/claim/verify?matter=False", { csr: (await makeCsr("30AEA4777777")).csrPem }, { token });
    assert.equal(verify.body.mqtt_host, "xsr-cloud.local");
  });
});
