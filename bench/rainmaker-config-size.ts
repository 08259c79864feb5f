/**
 * Node config size: our encoder's output for the spec 1.6 example node and the desk node (with
 * Hue/Saturation), against the spec 1.6 C SDK example compacted (what the SDK would publish).
 * Target: ratio <= 1.0x.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { utf8Length } from "../firmware/protocol/bytes";
import { encodeNodeConfig } from "../firmware/protocol/rainmaker/node-config";
import { deskNode, specNode } from "../test/protocol/rainmaker/fixtures/nodes";
import { printFigure } from "./lib/figures";

const fixture = join(import.meta.dirname, "..", "test", "protocol", "rainmaker", "fixtures", "spec-1.6-node-config.json");
const sdkBytes = utf8Length(JSON.stringify(JSON.parse(readFileSync(fixture, "utf8"))));
const ours = utf8Length(encodeNodeConfig(specNode()));
const desk = utf8Length(encodeNodeConfig(deskNode()));
printFigure({ label: "node config bytes, spec 1.6 C SDK example compacted", value: sdkBytes, unit: "B" });
printFigure({ label: "node config bytes, same node from our encoder", value: ours, unit: "B" });
printFigure({ label: "node config size ratio ours/C SDK", value: ours / sdkBytes, unit: "x", target: 1 });
printFigure({ label: "node config bytes, desk node (+Hue, Saturation)", value: desk, unit: "B" });
