import assert from "node:assert/strict";
import fc from "fast-check";
import { makeWorld, failure, Alice } from "./fixtures";
import type { World } from "./fixtures";
import { login } from "./harness";
import { cliSafeJsonBytes } from "../../../cloud-stub/auth/cli-safe-json";
import { ensureUser } from "../../../cloud-stub/auth/users";

const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64").toString("utf8")) as Record<string, unknown>;

describe("REST auth: login2, refresh, logout2, user2, user", () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.app.close());

  it("logs in with a password and answers the token set the CLI reads", async () => {
    const tokens = await login(w.app, Alice.user_name, Alice.password);
    const id = payloadOf(tokens.idtoken);
    assert.equal(id.email, Alice.user_name);
    assert.equal(id["custom:user_id"], Alice.user_id);
    assert.equal(payloadOf(tokens.accesstoken).exp, Math.floor(w.clock.now() / 1000) + 3600);
    assert.equal(tokens.accesstoken.split(".").length, 3);
  });

  it("refuses a wrong password with 401 and the recorded error code", async () => {
    const res = await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { user_name: Alice.user_name, password: "nope" } });
    assert.equal(failure(res, 401).error_code, 101002);
    const unknown = await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { user_name: "who@x", password: "nope" } });
    assert.equal(failure(unknown, 401).error_code, 101002);
  });

  it("accepts the raw token and a Bearer token, refuses a missing or forged one", async () => {
    for (const authorization of [w.alice, `Bearer ${w.alice}`]) {
      const res = await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().user_id, Alice.user_id);
    }
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user" }), 401);
    const [h, p] = w.alice.split(".");
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: `${h}.${p}.AAAA` } }), 401);
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: "garbage" } }), 401);
  });

  it("expires access tokens after an hour; refresh gives a working one", async () => {
    const tokens = await login(w.app, Alice.user_name, Alice.password);
    w.clock.ms += 3601_000;
    const expired = await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: tokens.accesstoken } });
    assert.equal(failure(expired, 401).error_code, 101003);
    const refreshed = await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { refreshtoken: tokens.refreshtoken } });
    assert.equal(refreshed.statusCode, 200);
    assert.equal(refreshed.json().refreshtoken, undefined);
    const ok = await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: refreshed.json().accesstoken } });
    assert.equal(ok.statusCode, 200);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { refreshtoken: "not-a-token" } }), 401);
  });

  it("logout2 ends this session only; logout_all ends every session", async () => {
    const second = (await login(w.app, Alice.user_name, Alice.password)).accesstoken;
    const out = await w.app.http.inject({ method: "POST", url: "/v1/logout2?logout_all=false", headers: { authorization: w.alice, "content-type": "application/json" } });
    assert.equal(out.statusCode, 200);
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: w.alice } }), 401);
    assert.equal((await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: second } })).statusCode, 200);
    await w.app.http.inject({ method: "POST", url: "/v1/logout2?logout_all=true", headers: { authorization: second } });
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: second } }), 401);
  });

  it("signs up, refuses login until confirmed with any code, then logs in", async () => {
    const creds = { user_name: "carol@example.com", password: "carol-pass-1" };
    assert.equal((await w.app.http.inject({ method: "POST", url: "/v1/user2", payload: creds })).statusCode, 201);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user2", payload: creds }), 409);
    const early = await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: creds });
    assert.equal(failure(early, 401).error_code, 101007);
    const confirm = await w.app.http.inject({ method: "POST", url: "/v1/user2", payload: { user_name: creds.user_name, verification_code: "123456" } });
    assert.equal(confirm.statusCode, 200);
    const tokens = await login(w.app, creds.user_name, creds.password);
    assert.equal(payloadOf(tokens.idtoken).email, creds.user_name);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/user2", payload: { user_name: "x@y.z", password: "short" } }), 400);
  });

  it("forgotpassword2 sets a new password in two steps and ends old sessions", async () => {
    const step1 = await w.app.http.inject({ method: "PUT", url: "/v1/forgotpassword2", payload: { user_name: Alice.user_name, password: null, verification_code: null } });
    assert.equal(step1.statusCode, 200);
    const step2 = await w.app.http.inject({ method: "PUT", url: "/v1/forgotpassword2", payload: { user_name: Alice.user_name, password: "new-password-1", verification_code: "999" } });
    assert.equal(step2.statusCode, 200);
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: w.alice } }), 401);
    failure(await w.app.http.inject({ method: "POST", url: "/v1/login2", payload: { user_name: Alice.user_name, password: Alice.password } }), 401);
    await login(w.app, Alice.user_name, "new-password-1");
    failure(await w.app.http.inject({ method: "PUT", url: "/v1/forgotpassword2", payload: { user_name: "nobody@x", password: null, verification_code: null } }), 404);
  });

  it("DELETE user2 asks for a code, then deletes the user, sessions and mappings", async () => {
    const ask = await w.app.http.inject({ method: "DELETE", url: "/v1/user2?request=true", headers: { authorization: w.alice } });
    assert.equal(ask.statusCode, 200);
    assert.ok(w.store.getUserById(Alice.user_id));
    failure(await w.app.http.inject({ method: "DELETE", url: "/v1/user2", headers: { authorization: w.alice } }), 400);
    const del = await w.app.http.inject({ method: "DELETE", url: "/v1/user2?verification_code=1", headers: { authorization: w.alice } });
    assert.equal(del.statusCode, 200);
    assert.equal(w.store.getUserById(Alice.user_id), null);
    assert.equal(w.store.getMapping(Alice.user_id, "L1"), null);
    failure(await w.app.http.inject({ method: "GET", url: "/v1/user", headers: { authorization: w.alice } }), 401);
  });

  it("ensureUser seeds a confirmed user once (idempotent by user name)", async () => {
    const first = await ensureUser(w.store, { userName: "dev@local", password: "dev-password", userId: "u-dev" }, 5);
    const again = await ensureUser(w.store, { userName: "dev@local", password: "other-password" }, 6);
    assert.deepEqual(again, first);
    const tokens = await login(w.app, "dev@local", "dev-password");
    assert.equal(payloadOf(tokens.idtoken)["custom:user_id"], "u-dev");
  });

  it("token payloads decode with standard base64 for any user name (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ maxLength: 40 }), (email, name) => {
        const bytes = cliSafeJsonBytes({ email, name, "custom:user_id": "u", exp: 1 });
        const url = Buffer.from(bytes).toString("base64url");
        assert.equal(url, Buffer.from(bytes).toString("base64"));
        assert.doesNotMatch(url, /[-_]/);
        assert.deepEqual(JSON.parse(Buffer.from(url, "base64").toString("utf8")), { email, name, "custom:user_id": "u", exp: 1 });
      }),
      { numRuns: 300 },
    );
  });
});
