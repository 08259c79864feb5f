import { toHex, utf8Encode } from "../../protocol/bytes";
import { installImageCredentials } from "../../platform/moddable/factory-credentials";
import { createPlatform } from "../../platform/moddable/platform";

const platform = createPlatform();
installImageCredentials(platform); // host-claim credentials built in by `xs-rainmaker flash --credentials`, stored at first boot
const { log, clock, kv, crypto, system } = platform;
const hex = (bytes: Uint8Array): string => toHex(bytes);

log.log("info", "hello", `${system.firmware().projectName} ${system.firmware().version} on ${system.firmware().platform}, reset ${system.resetReason()}`);
log.log("info", "clock", `now ${clock.now()} monotonic ${clock.monotonic()}`);

const boots = kv.get("hello", "boots");
kv.set("hello", "boots", typeof boots === "number" ? boots + 1 : 1);
log.log("info", "kv", `boots=${String(kv.get("hello", "boots"))}`);
try {
  kv.set("hello", "a-key-longer-than-15", 1);
} catch (error) {
  log.log("info", "kv", `limit enforced: ${(error as Error).message}`);
}

log.log("info", "sha256", hex(crypto.hash("SHA-256", utf8Encode("abc"))));
log.log("info", "hmac", hex(crypto.hmac("SHA-256", utf8Encode("key"), utf8Encode("The quick brown fox jumps over the lazy dog"))));
const key = new Uint8Array(16);
const iv = new Uint8Array(12);
const sealed = crypto.aesGcmEncrypt(key, iv, new Uint8Array(16));
log.log("info", "gcm", hex(sealed));
const opened = crypto.aesGcmDecrypt(key, iv, sealed);
log.log("info", "gcm", `round trip ${opened !== undefined && opened.every((b) => b === 0) ? "ok" : "FAILED"}`);
sealed[0] = sealed[0]! ^ 1;
log.log("info", "gcm", `tampered ${crypto.aesGcmDecrypt(key, iv, sealed) === undefined ? "rejected" : "ACCEPTED"}`);
const ctr = crypto.aesCtr(key, new Uint8Array(16));
log.log("info", "ctr", hex(ctr.process(new Uint8Array(16))) + hex(ctr.process(new Uint8Array(4))));
log.log("info", "mac", hex(system.mac()));

const started = clock.monotonic();
clock.setTimeout(() => {
  log.log("info", "clock", `timer fired after ${clock.monotonic() - started} ms`);
  platform.wifi.connect({ ssid: "host", passphrase: "" }, (event) => log.log("info", "wifi", `event ${event.type}`));
}, 50);
