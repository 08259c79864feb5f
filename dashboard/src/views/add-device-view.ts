/**
 * Adding a device: the provisioning steps [spec 6], the QR payloads of simulated devices the stub knows
 * [spec 6.7], and the user-node mapping status [spec 5].
 */
import { h } from "../dom";
import type { View } from "../context";
import { fetchNodeDetails } from "./node-details";

interface AddDeviceInfo {
  qr_payloads?: Record<string, string>[];
  mqtt_host?: string;
}

export const AddDeviceView: View = (ctx, root) => {
  const qrSection = h("section", { class: "card", "aria-labelledby": "qr-title" }, h("h2", { id: "qr-title" }, "Provisioning QR payload"), h("p", { role: "status" }, "Loading…"));
  const mapped = h("ul", { class: "mapped" });
  const requestId = h("input", { id: "mapping-request", placeholder: "request_id printed by the provision command" });
  const requestStatus = h("p", { role: "status", "aria-live": "polite" });
  root.append(
    h("h1", { tabindex: -1 }, "Add a device"),
    h(
      "section",
      { class: "card" },
      h("h2", {}, "Steps"),
      h(
        "ol",
        {},
        h("li", {}, "Power the device (or start the simulator: ", h("code", {}, "npm start"), "). Unprovisioned, it advertises ", h("code", {}, "PROV_xxxxxx"), " over SoftAP or BLE and prints its QR payload."),
        h("li", {}, "Provision it with Wi-Fi credentials and your user id: ", h("code", {}, "xs-rainmaker provision --qr '<payload>'"), " (security 1 or 2 with the payload's proof of possession)."),
        h("li", {}, "The device joins Wi-Fi, connects to this cloud over MQTT with its node certificate and confirms the user-node mapping."),
        h("li", {}, "The node then appears under Nodes with its controls; the mapping below turns to mapped."),
      ),
    ),
    qrSection,
    h(
      "section",
      { class: "card", "aria-labelledby": "mapping-title" },
      h("h2", { id: "mapping-title" }, "Mapping status"),
      mapped,
      h(
        "form",
        {
          class: "inline-form",
          onsubmit: async (ev: Event) => {
            ev.preventDefault();
            const id = requestId.value.trim();
            if (!id) return;
            try {
              const r = await ctx.api.json<{ request_status: string; node_id?: string | null }>("GET", `/v1/user/nodes/mapping?request_id=${encodeURIComponent(id)}`);
              requestStatus.textContent = `Request ${id}: ${r.request_status}${r.node_id ? ` (node ${r.node_id})` : ""}`;
            } catch (err) {
              requestStatus.textContent = `Request ${id}: ${(err as Error).message}`;
            }
          },
        },
        h("label", { for: "mapping-request" }, "Mapping request id"),
        requestId,
        h("button", { type: "submit" }, "Check"),
      ),
      requestStatus,
    ),
  );
  ctx.api
    .json<AddDeviceInfo>("GET", "/v1/user/dashboard/add-device")
    .then((info) => {
      const payloads = info.qr_payloads ?? [];
      qrSection.replaceChildren(
        h("h2", { id: "qr-title" }, "Provisioning QR payload"),
        payloads.length === 0
          ? h("p", {}, "No simulated device is waiting to be provisioned. A real device prints its payload on the serial console at boot: {\"ver\":\"v1\",\"name\":\"PROV_xxxxxx\",\"pop\":\"…\",\"transport\":\"ble\"}.")
          : h("div", {}, ...payloads.map((p) => h("pre", { class: "qr-payload" }, JSON.stringify(p)))),
        h("p", {}, `Nodes connect to MQTT host ${info.mqtt_host ?? "?"}.`),
      );
    })
    .catch((err: Error) => qrSection.append(h("p", { class: "error" }, err.message)));
  fetchNodeDetails(ctx)
    .then((nodes) => {
      if (nodes.length === 0) mapped.append(h("li", {}, "No node is mapped to your account yet."));
      for (const n of nodes) {
        const when = n.mapping_timestamp ? new Date(n.mapping_timestamp * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "unknown time";
        mapped.append(h("li", { "data-node": n.id }, `${n.config.info?.name ?? n.id} (${n.id}): mapped since ${when}`));
      }
    })
    .catch((err: Error) => mapped.append(h("li", { class: "error" }, err.message)));
};
