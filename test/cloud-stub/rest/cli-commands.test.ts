/** The user CLI commands (login, nodes, config, status, params) against the app on a loopback port. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { makeWorld, Alice } from "./fixtures";
import type { World } from "./fixtures";
import type { CliIo } from "../../../scripts/cli/cloud-client/io";
import * as loginCmd from "../../../scripts/cli/commands/login";
import * as nodesCmd from "../../../scripts/cli/commands/nodes";
import * as configCmd from "../../../scripts/cli/commands/config";
import * as statusCmd from "../../../scripts/cli/commands/status";
import * as paramsCmd from "../../../scripts/cli/commands/params";
import * as signupCmd from "../../../scripts/cli/commands/signup";

class CaptureIo implements CliIo {
  stdout: string[] = [];
  stderr: string[] = [];
  failed = false;
  out(line: string) {
    this.stdout.push(line);
  }
  err(line: string) {
    this.stderr.push(line);
  }
  fail() {
    this.failed = true;
  }
}

describe("user CLI commands against the cloud on 127.0.0.1", () => {
  let w: World;
  let baseUrl: string;
  let dir: string;

  async function run(...args: string[]): Promise<CaptureIo> {
    const io = new CaptureIo();
    const program = new Command("xs-rainmaker").exitOverride();
    for (const m of [loginCmd, nodesCmd, configCmd, statusCmd, paramsCmd, signupCmd]) m.register(program, io);
    await program.parseAsync(["node", "xs-rainmaker", ...args, "--profile-dir", dir]);
    return io;
  }

  before(async () => {
    w = await makeWorld({ config: { nodesPageSize: 1 } });
    await w.app.http.listen({ host: "127.0.0.1", port: 0 });
    const addr = w.app.http.server.address() as { port: number };
    baseUrl = `http://127.0.0.1:${addr.port}`;
    dir = mkdtempSync(join(tmpdir(), "xsr-cli-"));
  });
  after(async () => {
    await w.app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses to work before login", async () => {
    const io = await run("nodes");
    assert.ok(io.failed);
    assert.match(io.stderr[0]!, /Not logged in/);
  });

  it("reports a wrong password with the cloud's failure text", async () => {
    const io = await run("login", "--user", Alice.user_name, "--password", "wrong", "--base-url", baseUrl);
    assert.ok(io.failed);
    assert.equal(io.stderr[0], "[ERROR]: Failure (101002): Incorrect user name or password");
  });

  it("signs a new user up and confirms it, so it can log in; a taken name or a short password is refused", async () => {
    const user = "new-maker@example.com";
    const created = await run("signup", "-u", user, "-p", "longenough1", "--base-url", baseUrl);
    assert.equal(created.failed, false, created.stderr.join("\n"));
    assert.equal(created.stdout[0], `User ${user} created at ${baseUrl}`);
    assert.deepEqual(created.stdout.slice(1), [`User ${user} confirmed`, `Logged in as ${user} at ${baseUrl}`]);
    assert.equal(JSON.parse(readFileSync(join(dir, "cloud-session.json"), "utf8")).userName, user);
    assert.deepEqual((await run("nodes")).stdout, ["No nodes are associated with this user."]);
    const again = await run("signup", "-u", user, "-p", "longenough1", "--base-url", baseUrl);
    assert.ok(again.failed);
    assert.match(again.stderr[0]!, /^\[ERROR\]: Failure \(\d+\): /);
    const short = await run("signup", "-u", "other@example.com", "-p", "short", "--base-url", baseUrl);
    assert.ok(short.failed);
    assert.equal(short.stderr[0], "[ERROR]: the password needs at least 8 characters");
  });

  it("logs in and keeps the session private in the profile dir", async () => {
    const io = await run("login", "--user", Alice.user_name, "--password", Alice.password, "--base-url", baseUrl);
    assert.deepEqual(io.stdout, [`Logged in as ${Alice.user_name} at ${baseUrl}`]);
    const file = join(dir, "cloud-session.json");
    assert.equal(JSON.parse(readFileSync(file, "utf8")).baseUrl, baseUrl);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("lists nodes across pages, with and without details", async () => {
    assert.deepEqual((await run("nodes")).stdout, ["1. L1", "2. L2"]);
    const details = (await run("nodes", "--details")).stdout;
    assert.equal(details.length, 2);
    assert.match(details[0]!, /^1\. L1 {2}online since 2026-11-18T\S+ {2}L1 \(Lightbulb, fw 1\.0\.0\)$/);
    assert.match(details[1]!, /^2\. L2 {2}offline/);
  });

  it("prints config, status and params; refuses a node of another user", async () => {
    assert.equal(JSON.parse((await run("config", "L1")).stdout.join("\n")).node_id, "L1");
    assert.match((await run("status", "L2")).stdout[0]!, /^L2: offline since /);
    assert.deepEqual(JSON.parse((await run("params", "get", "L1")).stdout.join("\n")), { Light: { Power: false, Brightness: 10 } });
    const io = await run("config", "B1");
    assert.ok(io.failed);
    assert.match(io.stderr[0]!, /^\[ERROR\]: Failure \(100011\)/);
  });

  it("sets params on one or several nodes and reports per-node failures", async () => {
    const ok = await run("params", "set", "L1", "--data", '{"Light":{"Power":true}}');
    assert.deepEqual(ok.stdout, ["L1: updated"]);
    assert.equal(ok.failed, false);
    assert.deepEqual(w.bus.published.at(-1), { topic: "node/L1/params/remote", json: { Light: { Power: true } } });
    const partial = await run("params", "set", "L1,NOPE", "--data", '{"Light":{"Power":false}}');
    assert.deepEqual(partial.stdout, ["L1: updated", "NOPE: failed - Node not found"]);
    assert.ok(partial.failed);
    const bad = await run("params", "set", "L1", "--data", "{oops");
    assert.match(bad.stderr[0]!, /--data is not JSON/);
  });

  it("refreshes an expired access token by itself and saves the new one", async () => {
    const file = join(dir, "cloud-session.json");
    const before = JSON.parse(readFileSync(file, "utf8")).accesstoken;
    w.clock.ms += 2 * 3600_000;
    const realNow = Date.now;
    Date.now = () => w.clock.ms;
    try {
      assert.deepEqual((await run("nodes")).stdout, ["1. L1", "2. L2"]);
    } finally {
      Date.now = realNow;
    }
    assert.notEqual(JSON.parse(readFileSync(file, "utf8")).accesstoken, before);
  });

  it("logs out: the session is gone locally and on the cloud", async () => {
    const token = JSON.parse(readFileSync(join(dir, "cloud-session.json"), "utf8")).accesstoken;
    assert.deepEqual((await run("logout")).stdout, ["Logged out."]);
    const res = await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: token } });
    assert.equal(res.statusCode, 401);
    assert.match((await run("nodes")).stderr[0]!, /Not logged in/);
  });
});
