/**
 * On a board the SDK preloads modules, which freezes the intrinsics: assigning `this.name` in an Error
 * subclass then throws (the override mistake). On XS each test file runs in its own engine, so the
 * test freezes `Error.prototype` there; in Node's shared mocha process it is skipped.
 */
import assert from "node:assert/strict";
import { ProtoError } from "../../firmware/protocol/protocomm/proto-error";
import { DeviceClosedError } from "../../firmware/protocol/protocomm/client/transport";
import { DeviceRefusedError } from "../../firmware/protocol/protocomm/client/prov-client";
import { DerError } from "../../firmware/protocol/der/reader";
import { ClaimError } from "../../firmware/core/claiming/claim-error";

const onNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

describe("firmware errors with frozen intrinsics", () => {
  it("constructs every firmware error class and keeps its name", function () {
    if (onNode) this.skip();
    Object.freeze(Error.prototype);
    const made: Error[] = [
      new ProtoError("truncated", "short input", 3),
      new DeviceClosedError("prov-session"),
      new DeviceRefusedError("apply", "InternalError"),
      new DerError("bad tag", 0),
      new ClaimError("unreachable", "no route"),
    ];
    assert.deepEqual(
      made.map((e) => e.name),
      ["ProtoError", "DeviceClosedError", "DeviceRefusedError", "DerError", "ClaimError"],
    );
    assert.ok(made.every((e) => e instanceof Error && e.message.length > 0));
  });
});
