import { toHex, utf8Encode } from "../../protocol/bytes";
import { createClock } from "../../platform/moddable/clock";
import { createCrypto } from "../../platform/moddable/crypto";
import { createKv } from "../../platform/moddable/kv";
import { createLog } from "../../platform/moddable/log";

const log = createLog();
const clock = createClock();
const kv = createKv();
const crypto = createCrypto();
log.log("info", "hello", `boot at ${clock.now()} monotonic ${clock.monotonic()}`);
const count = kv.get("hello", "boots");
kv.set("hello", "boots", typeof count === "number" ? count + 1 : 1);
log.log("info", "kv", `boots=${String(kv.get("hello", "boots"))}`);
log.log("info", "sha256", toHex(crypto.hash("SHA-256", utf8Encode("abc"))));
