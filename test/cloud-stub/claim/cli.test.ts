import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { parseFactoryCsv } from "../../../cloud-stub/store/factory-batch";
import { requestJson } from "./fixtures";
import { makeCsr } from "../pki/fixtures";
import { X509Crl } from "../../../cloud-stub/pki/x509";
import { loadOrCreateDevCa } from "../../../cloud-stub/pki/dev-ca";
import { CertificateAuthority } from "../../../cloud-stub/pki/certificate-authority";
import { openClaimStore } from "../../../cloud-stub/store/claims-sqlite";

const cli = join(process.cwd(), "scripts", "xs-rainmaker.mjs");

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", timeout: 30_000 });
}

describe("xs-rainmaker factory / cloud commands", function () {
  this.timeout(60_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "xsr-cli-"));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it("factory generate writes a batch and refuses to overwrite it without --force", async () => {
    const r = run(["factory", "generate", "--count", "4", "--out", "batch.csv"], dir);
    assert.equal(r.status, 0, r.stderr);
    const parsed = parseFactoryCsv(await readFile(join(dir, "batch.csv"), "utf8"));
    assert.equal(parsed.devices.length, 4);
    const again = run(["factory", "generate", "--count", "4", "--out", "batch.csv"], dir);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /exists; pass --force/);
  });

  it("factory import registers the batch; a file with a bad line imports nothing", async () => {
    const ok = run(["factory", "import", "batch.csv", "--data", "data"], dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /imported 4 devices/);
    await writeFile(join(dir, "bad.csv"), "AABBCCDDEE01,00112233445566778899aabbccddeeff,p1\nnope\n");
    const bad = run(["factory", "import", "bad.csv", "--data", "data"], dir);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\.csv:2: expected 3 fields/);
    const db = new Database(join(dir, "data", "cloud.sqlite"), { readonly: true });
    try {
      assert.equal((db.prepare("SELECT COUNT(*) AS n FROM claim_factory_devices").get() as { n: number }).n, 4);
    } finally {
      db.close();
    }
  });

  it("cloud prints its URLs, serves REST and stops cleanly on SIGINT", async () => {
    const child = spawn(process.execPath, [cli, "cloud", "--data", "data", "--http-port", "0", "--https-port", "0", "--mqtt-port", "0"], { cwd: dir });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!/Press Ctrl\+C/.test(out)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`cloud did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const rest = /REST\s+(http:\/\/127\.0\.0\.1:\d+)\/v1\//.exec(out)![1]!;
    assert.match(out, /MQTT\s+mqtts:\/\/127\.0\.0\.1:\d+/);
    const reply = await requestJson(`${rest}/apiversions`, "GET", undefined);
    assert.equal(reply.status, 200);
    child.kill("SIGINT");
    assert.equal(await exited, 0);
    assert.match(out, /SIGINT: shutting down/);
  });

  it("certs list / revoke manage the registry, and mosquitto-config writes a CRL with the revoked serial", async () => {
    const data = join(dir, "data");
    const db = new Database(join(data, "cloud.sqlite"));
    let serial = "";
    try {
      const authority = new CertificateAuthority(await loadOrCreateDevCa(data), openClaimStore(db));
      const issued = await authority.issueFromCsr((await makeCsr("CAFE00000001")).csrPem, "CAFE00000001");
      assert.ok(issued.ok);
      serial = issued.ok ? issued.serial : "";
    } finally {
      db.close();
    }
    const list = run(["certs", "list", "CAFE00000001", "--data", "data"], dir);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`${serial}  node .* valid`));
    const revoke = run(["certs", "revoke", "CAFE00000001", "--data", "data", "--reason", "lost"], dir);
    assert.equal(revoke.status, 0, revoke.stderr);
    assert.match(revoke.stdout, new RegExp(`revoked 1 certificate\\(s\\): ${serial}`));
    assert.match(run(["certs", "list", "CAFE00000001", "--data", "data"], dir).stdout, /revoked .* \(lost\)/);
    const unknown = run(["certs", "revoke", "NOPE", "--data", "data"], dir);
    assert.equal(unknown.status, 1);
    const conf = run(["mosquitto-config", "--data", "data", "--port", "18884", "--out", "mosq"], dir);
    assert.equal(conf.status, 0, conf.stderr);
    assert.match(await readFile(join(dir, "mosq", "mosquitto.conf"), "utf8"), /require_certificate true[\s\S]*crlfile /);
    const crl = new X509Crl(await readFile(join(dir, "mosq", "revoked.crl"), "utf8"));
    assert.deepEqual(crl.entries.map((e) => e.serialNumber.toLowerCase().replace(/^0+/, "")), [serial]);
  });
});
