/**
 * The dashboard end to end in headless Chromium against the real cloud stub (HTTP, mTLS broker, SQLite)
 * and a simulated lightbulb that provisions, claims, maps and runs the firmware agent.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { eventually, FastAgent, startLoop, USER } from "../e2e/loop/fixture";
import type { Loop } from "../e2e/loop/fixture";
import type { SimDevice } from "../../host-sim/device";
import type { Agent } from "../../firmware/core/agent/agent";
import { rest, waitMappingConfirmed } from "../../host-sim/loop";
import { node } from "../../firmware/core/index";
import sht3x from "../../firmware/drivers/sht3x/sht3x";
import { FakeSht3x } from "../../host-sim/fakes/io/index";
import type { FakeIo } from "../../host-sim/fakes/io/index";
import type { SimApp } from "../../host-sim/apps/sim-app";
import { bundleApp } from "../../scripts/ota/bundle-app";
import { buildImage } from "../../scripts/ota/image-builder";
import { loadSigningKey } from "../../scripts/ota/keys";
import { ensureStateSigningKey } from "../../scripts/ota/state-signing-key";
import { chromiumAvailable, launchChromium, ChromiumPath } from "./browser/chromium";
import type { Browser } from "./browser/chromium";

const Artifacts = join("test-artifacts", "dashboard");
const Lightbulb = join(import.meta.dirname, "..", "..", "firmware", "examples", "lightbulb", "main.ts");
/** The sensor app polled every 250 ms, so a temperature change shows within a second. */
function fastSensorApp(sensor: FakeSht3x): SimApp {
  return Object.freeze({
    name: "sensor",
    node: node({ name: "Climate", type: "Temperature Sensor" })
      .add(sht3x, { name: "Temperature Sensor", io: { bus: { data: 21, clock: 22 } }, pollMs: 250 })
      .withSystemService(),
    wire: (io: FakeIo) => io.i2cBus().attach(0x44, sensor),
  });
}

const param = (device: string, name: string) => `.param[data-device="${device}"][data-param="${name}"]`;

describe("dashboard in headless Chromium (real stub, simulated lightbulb)", function () {
  this.timeout(60_000);
  let loop: Loop;
  let browser: Browser;
  let page: Page;
  let device: SimDevice;
  let agent: Agent;
  let nodeId: string;
  let sensorId: string;
  let otaKeyFile: string;
  const sensor = new FakeSht3x({ temperature: 20, humidity: 40 });
  const pageErrors: string[] = [];

  before(async function () {
    if (!chromiumAvailable()) {
      console.log(`    skipped: ${ChromiumPath} is missing (apt-get install chromium; .ci/run does it)`);
      this.skip();
    }
    await mkdir(Artifacts, { recursive: true });
    loop = await startLoop();
    // the simulator's OTA key, as `npm start` makes it: the bulb trusts images signed with it
    const otaKey = ensureStateSigningKey(loop.dir);
    otaKeyFile = otaKey.keyFile;
    const made = await loop.newDevice("dash-bulb", { agent: { ...FastAgent, ota: { publicKey: otaKey.publicKey, fetchDelayMs: 200, rebootDelayMs: 100 } } });
    device = made.device;
    nodeId = device.factory.mac;
    agent = device.boot();
    await eventually("device online", () => agent.phase() === "online", 20_000);
    assert.equal(await waitMappingConfirmed(loop.endpoints.http, loop.token, made.mappingRequest!), true);
    await eventually("init params in the shadow", async () => typeof (await loop.params(nodeId))?.Light?.Power === "boolean");
    const climate = await loop.newDevice("dash-sensor", { app: fastSensorApp(sensor) });
    sensorId = climate.device.factory.mac;
    const sensorAgent = climate.device.boot();
    await eventually("sensor online", () => sensorAgent.phase() === "online", 20_000);
    assert.equal(await waitMappingConfirmed(loop.endpoints.http, loop.token, climate.mappingRequest!), true);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (err) => void pageErrors.push(String(err)));
    page.on("console", (msg) => void (msg.type() === "error" && pageErrors.push(msg.text())));
  });

  after(async () => {
    await browser?.close();
    await loop?.close();
  });

  it("logs in and lists the node online with its firmware version", async () => {
    await page.goto(`${loop.cloud.urls.http}/`);
    await page.screenshot({ path: join(Artifacts, "login.png") });
    await page.getByLabel("User name").fill(USER.name);
    await page.getByLabel("Password").fill(USER.password);
    await page.getByRole("button", { name: "Log in" }).click();
    const row = page.locator(`tr[data-node="${nodeId}"]`);
    await row.locator('.badge[data-online="true"]').waitFor();
    await page.locator(`tr[data-node="${sensorId}"] .badge[data-online="true"]`).waitFor();
    const config = await rest(loop.endpoints.http, "GET", `/v1/user/nodes/config?nodeid=${nodeId}`, loop.token);
    assert.equal(await row.locator(".fw").textContent(), config.body.info.fw_version);
    assert.equal(await page.locator("#live-state").getAttribute("data-state"), "live");
    assert.ok(await page.evaluate(() => sessionStorage.length === 1), "token kept in sessionStorage");
    await page.screenshot({ path: join(Artifacts, "nodes.png") });
  });

  it("flips the Power toggle: pending, then applied when the device echoes it", async () => {
    await page.locator(`tr[data-node="${nodeId}"] a`).click();
    const toggle = page.locator(`${param("Light", "Power")} input[role="switch"]`);
    await toggle.waitFor();
    const before = await toggle.isChecked();
    assert.equal(before, agent.runtime.get("Light", "Power"));
    await recordStates(page, param("Light", "Power"));
    await toggle.focus();
    await page.keyboard.press("Space");
    await page.locator(`${param("Light", "Power")} .write-status[data-state="applied"]`).waitFor();
    assert.equal(agent.runtime.get("Light", "Power"), !before, "the device applied the write");
    const states = await page.evaluate(() => (window as unknown as { states: string[] }).states);
    assert.deepEqual(states.filter((s) => s !== "sending"), ["pending", "applied"]);
    assert.equal(await page.locator(`${param("Light", "Power")} .write-status`).textContent(), "Applied");
  });

  it("shows a button press on the device live", async () => {
    const toggle = page.locator(`${param("Light", "Power")} input[role="switch"]`);
    const shown = await toggle.isChecked();
    await device.pressButton();
    await eventually("device toggled", () => agent.runtime.get("Light", "Power") === !shown);
    await page.waitForFunction(([sel, want]) => (document.querySelector(sel as string) as HTMLInputElement).checked === want, [`${param("Light", "Power")} input[role="switch"]`, !shown] as const);
  });

  it("stops a slider dragged past its bound at the bound and clamps a typed value with a message", async () => {
    const row = param("Light", "Brightness");
    const range = page.locator(`${row} input[type="range"]`);
    const max = Number(await range.getAttribute("max"));
    const min = Number(await range.getAttribute("min"));
    const applied = `${row} .write-status[data-state="applied"]`;
    await range.focus();
    await page.keyboard.press("Home");
    await eventually("device at the minimum", () => agent.runtime.get("Light", "Brightness") === min);
    await page.locator(applied).waitFor();

    await recordStates(page, row);
    const box = (await range.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width + 300, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    assert.equal(Number(await range.inputValue()), max);
    await eventually("device at the maximum", () => agent.runtime.get("Light", "Brightness") === max);
    await page.waitForFunction(() => (window as unknown as { states: string[] }).states.includes("applied"));
    await page.screenshot({ path: join(Artifacts, "node.png"), fullPage: true });

    await range.focus();
    await page.keyboard.press("Home");
    await eventually("device at the minimum again", () => agent.runtime.get("Light", "Brightness") === min);
    const exact = page.getByLabel("Brightness exact value");
    await exact.fill(String(max + 150));
    await exact.press("Enter");
    await page.locator(`${row} .note`).filter({ hasText: `Brightness limited to the maximum ${max}` }).waitFor();
    await eventually("device at the maximum again", () => agent.runtime.get("Light", "Brightness") === max);
    assert.equal(Number(await exact.inputValue()), max);
  });

  it("shows a time-series param as a live readout with its unit and a chart of recent values", async () => {
    await page.getByRole("link", { name: "Nodes", exact: true }).click();
    await page.locator(`tr[data-node="${sensorId}"] a`).click();
    const row = param("Temperature Sensor", "Temperature");
    await page.locator(`${row} output`).filter({ hasText: "°C" }).waitFor();
    const before = Number((await page.locator(`${row} .sparkline`).getAttribute("data-samples")) ?? "0");
    for (const t of [24, 26.5, 23]) {
      sensor.temperature = t;
      await page.waitForFunction(
        ([sel, want]) => Math.abs(parseFloat(document.querySelector(`${sel as string} output`)!.textContent ?? "") - (want as number)) < 0.05,
        [row, t] as const,
      );
    }
    const samples = Number(await page.locator(`${row} .sparkline`).getAttribute("data-samples"));
    assert.ok(samples >= before + 3, `${samples} samples after ${before}`);
    assert.equal((await page.locator(`${row} polyline`).getAttribute("points"))!.split(" ").length, samples);
    await page.screenshot({ path: join(Artifacts, "sensor.png"), fullPage: true });
  });

  it("updates the simulated node over the air: upload a signed image, push, progress to success", async function () {
    this.timeout(40_000);
    // what `ota build --app lightbulb --version 1.0.1 --key <state>/ota-signing-key.pem` writes
    const payload = await bundleApp(Lightbulb, { projectName: "lightbulb", version: "1.0.1" });
    const image = buildImage({ payload, project: "lightbulb", version: "1.0.1", key: loadSigningKey(readFileSync(otaKeyFile, "utf8")) });
    await page.getByRole("link", { name: "OTA" }).click();
    await page.locator("#ota-file").setInputFiles({ name: "lightbulb-1.0.1.xsota", mimeType: "application/octet-stream", buffer: Buffer.from(image) });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.locator(".upload-status").filter({ hasText: `version 1.0.1, ${image.length} bytes` }).waitFor();
    assert.equal(await page.getByLabel(new RegExp(nodeId)).isChecked(), true, "online node preselected");
    // every status/info the row shows from now on (a string script: tsx's helpers do not exist in the page)
    await page.evaluate(`(() => {
      const sel = ${JSON.stringify(`.ota-progress tr[data-node="${nodeId}"]`)};
      window.otaSeen = [];
      const watch = () => {
        const tr = document.querySelector(sel);
        const seen = (tr?.dataset.status ?? "") + "|" + (tr?.querySelector(".ota-info")?.textContent ?? "");
        if (window.otaSeen.at(-1) !== seen) window.otaSeen.push(seen);
      };
      watch();
      new MutationObserver(watch).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await page.getByRole("button", { name: "Push to selected nodes" }).click();
    await page.getByText(/^Job \S+ created$/).waitFor();
    const row = page.locator(`.ota-progress tr[data-node="${nodeId}"]`);
    await row.waitFor();
    await page.locator(`.ota-progress tr[data-node="${nodeId}"][data-status="success"]`).waitFor({ timeout: 30_000 });
    assert.equal(await row.locator(".ota-info").textContent(), "OTA Upgrade finished and verified successfully");
    const seen = await page.evaluate(() => (window as unknown as { otaSeen: string[] }).otaSeen);
    // the device's own reports, live: at least the reboot (sent 100 ms before it restarts), then success
    const shown = seen.filter((s) => s !== "|");
    assert.ok(shown.some((s) => s.startsWith("in-progress|Rebooting into new firmware")), `reboot shown: ${shown.join(" / ")}`);
    assert.equal(shown.at(-1), "success|OTA Upgrade finished and verified successfully");
    assert.ok(shown.every((s) => /^(pending|in-progress|success)\|/.test(s)), `no failure on the way: ${shown.join(" / ")}`);
    assert.equal(device.firmware().version, "1.0.1", "the device runs the pushed image");
    await page.screenshot({ path: join(Artifacts, "ota.png"), fullPage: true });
    await eventually("node config shows 1.0.1", async () => (await rest(loop.endpoints.http, "GET", `/v1/user/nodes/config?nodeid=${nodeId}`, loop.token)).body?.info?.fw_version === "1.0.1");
  });

  it("shows the provisioning steps and the node's mapping on the add-device page", async () => {
    await page.getByRole("link", { name: "Add device" }).click();
    await page.locator(`li[data-node="${nodeId}"]`).filter({ hasText: "mapped since" }).waitFor();
    await page.getByText(/No simulated device is waiting|qr-payload/).first().waitFor();
    await page.screenshot({ path: join(Artifacts, "add-device.png"), fullPage: true });
  });

  it("shows the node going offline live and a write without an echo as an error after the timeout", async function () {
    this.timeout(30_000);
    await page.getByRole("link", { name: "Nodes", exact: true }).click();
    await page.locator(`tr[data-node="${nodeId}"] a`).click();
    const toggle = page.locator(`${param("Light", "Power")} input[role="switch"]`);
    await toggle.waitFor();
    device.stop();
    await page.locator('.node-header .badge[data-online="false"]').waitFor({ timeout: 15_000 });
    await toggle.click();
    const status = page.locator(`${param("Light", "Power")} .write-status`);
    await page.locator(`${param("Light", "Power")} .write-status[data-state="pending"]`).waitFor();
    await page.locator(`${param("Light", "Power")} .write-status[data-state="failed"]`).waitFor({ timeout: 15_000 });
    assert.match((await status.textContent())!, /^Error: No confirmation from the node within 10 s/);
    await page.screenshot({ path: join(Artifacts, "node-offline.png"), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });
});

/** Records every `data-state` the row's write status takes, from now on. */
async function recordStates(page: Page, rowSelector: string): Promise<void> {
  await page.evaluate((sel) => {
    const status = document.querySelector(`${sel} .write-status`)!;
    const w = window as unknown as { states: string[] };
    w.states = [];
    new MutationObserver(() => w.states.push((status as HTMLElement).dataset.state ?? "")).observe(status, { attributes: true, attributeFilter: ["data-state"] });
  }, rowSelector);
}
