/** Shapes of the provisioning vector files (vectors/README.md), as far as the tests read them. */
export interface DecodedView {
  type: string;
  fields: Record<string, unknown>;
}

export interface VectorMessage {
  headers: Record<string, string>;
  body_hex: string;
  status?: number;
  text?: string;
  decoded?: DecodedView;
  plaintext_hex?: string;
  plaintext_decoded?: DecodedView;
  plaintext_text?: string;
}

export interface VectorExchange {
  seq: number;
  connection: number;
  endpoint: string;
  encrypted: boolean;
  new_device_session: boolean;
  request: VectorMessage;
  response: VectorMessage | null;
  device_reason?: string;
}

export interface RandomnessEntry {
  name: string;
  value?: number;
  hex?: string;
}

export interface VectorRun {
  name: string;
  restart_device_before: boolean;
  device_randomness: RandomnessEntry[];
  device_derived_values: Record<string, string>;
  client_values: Record<string, string>;
  exchanges: VectorExchange[];
  device_events: Array<Record<string, string>>;
}

export interface WifiNetworkSpec {
  ssid: string;
  passphrase: string;
  bssid: string;
  channel: number;
  rssi: number;
  auth: string;
  ip4_addr: string;
}

export interface VectorDevice {
  security_version: number;
  sec_patch_ver: number;
  pop: string | null;
  sec2: { username: string; password: string; salt_hex: string; verifier_hex: string } | null;
  proto_ver_response_text: string;
  proto_ver_response_hex: string;
  endpoints: string[];
  custom_data_reply_hex: string;
  node_id?: string;
  wifi_networks: WifiNetworkSpec[];
  wifi_simulation: { connecting_polls_before_connected: number; wifi_conn_attempts: number };
}

export interface ProvisioningVector {
  scenario: string;
  device: VectorDevice;
  runs: VectorRun[];
}
