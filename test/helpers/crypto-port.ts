import { createCrypto } from "../../host-sim/adapters/crypto";
import type { CryptoPort } from "../../firmware/ports/crypto";

/**
 * The CryptoPort tests use. On Node it is the host adapter; the XS runner replaces this module
 * with its bridge, so tests that import it must not import node:crypto themselves.
 */
export function getTestCrypto(): CryptoPort {
  return createCrypto();
}
