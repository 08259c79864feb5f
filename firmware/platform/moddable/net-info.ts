import Net from "net";

/** `"aa:bb:cc:dd:ee:ff"` to 6 bytes; zeros when the text is not a MAC address. */
export function macFromText(text: string | undefined): Uint8Array {
  const out = new Uint8Array(6);
  const parts = (text ?? "").split(":");
  if (parts.length !== 6) return out;
  for (let i = 0; i < 6; i++) {
    const byte = parseInt(parts[i]!, 16);
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) return new Uint8Array(6);
    out[i] = byte;
  }
  return out;
}

type NetProperty = "IP" | "MAC" | "SSID" | "BSSID" | "CHANNEL";

function netValue(what: NetProperty): unknown {
  try {
    return (Net.get as (what: NetProperty) => unknown)(what);
  } catch {
    return undefined;
  }
}

/** One `Net.get` text value, or `fallback` when the network layer has none (or throws). */
export function netText(what: Exclude<NetProperty, "CHANNEL">, fallback: string): string {
  const value = netValue(what);
  return typeof value === "string" && value.length > 0 ? value : fallback;
}

/** The station's Wi-Fi channel, or 0 when unknown. */
export function netChannel(): number {
  const value = Number(netValue("CHANNEL"));
  return Number.isInteger(value) && value > 0 ? value : 0;
}
