import assert from "node:assert/strict";
import fc from "fast-check";
import { compareVersions } from "../../../firmware/protocol/ota-image/index";

const semver = fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50)).map(([a, b, c]) => `${a}.${b}.${c}`);

describe("firmware version order", () => {
  it("orders by numeric parts, pre-releases before releases", () => {
    const ascending = ["0.9.0", "1.0.0-beta", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2", "1.10.0", "2.0.0"];
    for (let i = 0; i + 1 < ascending.length; i++) {
      assert.equal(compareVersions(ascending[i]!, ascending[i + 1]!), -1, `${ascending[i]} < ${ascending[i + 1]}`);
      assert.equal(compareVersions(ascending[i + 1]!, ascending[i]!), 1);
    }
    assert.equal(compareVersions("1.0", "1.0.0"), 0);
    assert.equal(compareVersions("v1.2.3", "1.2.3"), 0);
    assert.equal(compareVersions("1.2.3+build5", "1.2.3"), 0);
  });

  it("matches numeric tuple order on x.y.z and is antisymmetric on any strings", () => {
    fc.assert(
      fc.property(semver, semver, (a, b) => {
        const [x, y] = [a, b].map((v) => v.split(".").map(Number)) as [number[], number[]];
        const expected = x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
        assert.equal(compareVersions(a, b), Math.sign(expected));
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        assert.equal(compareVersions(a, b), -compareVersions(b, a) || 0);
        assert.equal(compareVersions(a, a), 0);
      }),
    );
  });
});
