/**
 * XS side of the host channel: a synchronous JSON request to the Node parent through xsnap's
 * global `issueCommand(ArrayBuffer) -> ArrayBuffer`. The host side is test/helpers/xs-host.ts.
 */

interface XsnapGlobals {
  issueCommand(message: ArrayBuffer): ArrayBuffer;
}

/** Sends one JSON message to the host and returns its JSON reply. */
export function callHost(message: object): unknown {
  const { issueCommand } = globalThis as unknown as XsnapGlobals;
  if (typeof issueCommand !== "function") throw new Error("host channel: issueCommand is missing (not running under xsnap)");
  const request = new TextEncoder().encode(JSON.stringify(message));
  const reply = issueCommand(request.buffer as ArrayBuffer);
  const text = new TextDecoder().decode(new Uint8Array(reply));
  return text === "" ? undefined : JSON.parse(text);
}
