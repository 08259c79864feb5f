/**
 * Characteristic UUID of a protocomm endpoint: the service UUID with the 16-bit endpoint id
 * written little-endian into bytes 12-13 of the little-endian UUID array, i.e. the 3rd/4th octets
 * of the textual form [spec 6.1].
 */
export function endpointUuid(serviceUuid: string, endpointId: number): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(serviceUuid)) throw new Error(`not a 128-bit UUID: ${serviceUuid}`);
  if (!Number.isInteger(endpointId) || endpointId < 0 || endpointId > 0xffff) throw new Error(`not a 16-bit endpoint id: ${endpointId}`);
  const le = new Uint8Array(16);
  const hex = serviceUuid.replace(/-/g, "");
  for (let i = 0; i < 16; i++) le[15 - i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  le[12] = endpointId & 0xff;
  le[13] = endpointId >>> 8;
  let text = "";
  for (let i = 15; i >= 0; i--) {
    text += le[i]!.toString(16).padStart(2, "0");
    if (i === 12 || i === 10 || i === 8 || i === 6) text += "-";
  }
  return text;
}

/** The provisioning GATT table compiled into the firmware (`bleservices/rmaker-prov.json`) [spec 6.1]. */
export const ProvisioningGatt = Object.freeze({
  serviceUuid: "021a9004-0382-4aea-bff4-6b3f1c5adfb4",
  endpoints: Object.freeze([
    ["prov-ctrl", 0xff4f],
    ["prov-scan", 0xff50],
    ["prov-session", 0xff51],
    ["prov-config", 0xff52],
    ["proto-ver", 0xff53],
    ["cloud_user_assoc", 0xff54],
    ["ch_resp", 0xff55],
    ["rmaker_claim", 0xff56],
    ["get_params", 0xff57],
    ["set_params", 0xff58],
    ["get_config", 0xff59],
  ] as const),
});

/**
 * The same table in the shape of core's `ProvisioningConfig.ble` option, so core assigns the ids
 * the firmware was built with.
 */
export const ProvisioningBleLayout = Object.freeze({
  serviceUuid: ProvisioningGatt.serviceUuid,
  endpointIds: Object.freeze(Object.fromEntries(ProvisioningGatt.endpoints.map(([name, id]) => [name, id])) as Record<string, number>),
});
