import assert from "node:assert/strict";
import fc from "fast-check";
import { TokenError, TokenService } from "../../../cloud-stub/auth/tokens";
import type { UserRecord } from "../../../cloud-stub/store/store";

const Alice: UserRecord = { userId: "u-alice", userName: "alice@example.com", passwordHash: "x", name: "Alice", confirmed: true, createdAt: 0 };
const secret = new Uint8Array(32).fill(7);

function service(): { tokens: TokenService; clock: { ms: number; now(): number } } {
  const clock = { ms: 1_700_000_000_000, now() { return this.ms; } };
  return { tokens: new TokenService(secret, clock, 3600), clock };
}

async function rejectsWith(work: Promise<unknown>, reason: TokenError["reason"]): Promise<void> {
  await assert.rejects(work, (err: unknown) => err instanceof TokenError && err.reason === reason);
}

describe("TokenService verified-token cache", () => {
  it("still expires a token that was verified (and remembered) before its expiry", async () => {
    const { tokens, clock } = service();
    const { accesstoken } = await tokens.issue(Alice, "sid-1");
    assert.deepEqual(await tokens.verifyAccess(accesstoken), { userId: "u-alice", sid: "sid-1", exp: Math.floor(clock.ms / 1000) + 3600 });
    assert.equal((await tokens.verifyAccess(accesstoken)).sid, "sid-1");
    clock.ms += 3600_000;
    await rejectsWith(tokens.verifyAccess(accesstoken), "expired");
    await rejectsWith(tokens.verifyAccess(accesstoken), "expired");
  });

  it("hands out copies: a caller changing its claims does not change the next answer", async () => {
    const { tokens } = service();
    const { accesstoken } = await tokens.issue(Alice, "sid-1");
    const first = await tokens.verifyAccess(accesstoken);
    first.userId = "u-mallory";
    assert.equal((await tokens.verifyAccess(accesstoken)).userId, "u-alice");
  });

  it("refuses any altered copy of a remembered token", async () => {
    const { tokens } = service();
    const { accesstoken } = await tokens.issue(Alice, "sid-1");
    await tokens.verifyAccess(accesstoken);
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: accesstoken.length - 2 }), fc.constantFrom(..."ABCxyz019-_."), async (at, ch) => {
        // the last character also carries padding bits, which a decoder may ignore
        fc.pre(accesstoken[at] !== ch);
        const altered = accesstoken.slice(0, at) + ch + accesstoken.slice(at + 1);
        await assert.rejects(tokens.verifyAccess(altered), TokenError);
      }),
      { numRuns: 60 },
    );
  });

  it("a token signed with another secret is refused even when its text was remembered by another service", async () => {
    const { tokens } = service();
    const { accesstoken } = await tokens.issue(Alice, "sid-1");
    await tokens.verifyAccess(accesstoken);
    const other = new TokenService(new Uint8Array(32).fill(9), { now: () => 1_700_000_000_000 }, 3600);
    await rejectsWith(other.verifyAccess(accesstoken), "bad-signature");
  });

  it("keeps answering correctly past the cache's size (oldest forgotten, re-verified on use)", async () => {
    const { tokens } = service();
    const issued: string[] = [];
    for (let i = 0; i < 1100; i++) issued.push((await tokens.issue(Alice, `sid-${i}`)).accesstoken);
    for (const [i, t] of issued.entries()) assert.equal((await tokens.verifyAccess(t)).sid, `sid-${i}`);
    assert.equal((await tokens.verifyAccess(issued[0]!)).sid, "sid-0");
  });
});
