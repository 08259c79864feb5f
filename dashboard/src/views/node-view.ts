/**
 * One node, drawn from its config: a group per device and service, a control per param. Writes go
 * through `PUT /v1/user/nodes/params` and settle when the node echoes them [spec 2.2 step 5].
 */
import { h } from "../dom";
import type { View, ViewContext } from "../context";
import { fetchNodeDetails } from "./node-details";
import { statusBadge } from "./node-list-view";
import { paramControl } from "../controls/param-control";
import type { ParamControl } from "../controls/param-control";
import { PendingWrites, paramKey } from "../model/pending";
import type { DeviceConfig, NodeDetails, ParamValue, ParamsDoc } from "../model/node-config";

interface SetResult {
  node_id?: string;
  status?: string;
  description?: string;
}

export const NodeView: View = (ctx, root, nodeId) => {
  const status = h("p", { role: "status", "aria-live": "polite" }, "Loading node…");
  root.append(h("p", {}, h("a", { href: "#/nodes" }, "← All nodes")), status);
  const controls = new Map<string, ParamControl>();
  const pending = new PendingWrites((key, state) => controls.get(key)?.showWrite(state));
  let badgeSlot: HTMLElement | null = null;
  let fwSlot: HTMLElement | null = null;
  let disposed = false;

  fetchNodeDetails(ctx, nodeId)
    .then(([node]) => {
      if (disposed) return;
      if (!node) {
        status.textContent = `Node ${nodeId} is not mapped to your account.`;
        return;
      }
      status.textContent = "";
      badgeSlot = h("span", {}, statusBadge(node.status.connectivity.connected));
      fwSlot = h("span", { class: "fw" }, node.config.info?.fw_version ?? "–");
      root.append(header(node, badgeSlot, fwSlot));
      for (const device of node.config.devices ?? []) root.append(deviceGroup(ctx, node, device, controls, pending));
      const services = node.config.services ?? [];
      if (services.length > 0) {
        root.append(h("details", { class: "services" }, h("summary", {}, "Services"), ...services.map((s) => deviceGroup(ctx, node, s, controls, pending))));
      }
    })
    .catch((err: Error) => void (status.textContent = `Could not load the node: ${err.message}`));

  const timer = setInterval(() => pending.expire(Date.now()), 1000);
  const off = ctx.live.subscribe((msg) => {
    if (msg.nodeId !== nodeId) return;
    if (msg.kind === "params") applyReport(msg.params as ParamsDoc, msg.at, controls, pending);
    if (msg.kind === "connectivity" && badgeSlot) badgeSlot.replaceChildren(statusBadge(msg.connected));
    if (msg.kind === "config" && fwSlot) fwSlot.textContent = msg.fwVersion ?? "–";
  });
  return () => {
    disposed = true;
    clearInterval(timer);
    off();
  };
};

function header(node: NodeDetails, badge: HTMLElement, fw: HTMLElement): HTMLElement {
  return h(
    "header",
    { class: "node-header" },
    h("h1", { tabindex: -1 }, node.config.info?.name ?? node.id),
    h("p", {}, badge, " · firmware ", fw, " · ", h("span", { class: "mono" }, node.id)),
  );
}

function applyReport(doc: ParamsDoc, at: number, controls: Map<string, ParamControl>, pending: PendingWrites): void {
  for (const [device, params] of Object.entries(doc)) {
    if (typeof params !== "object" || params === null) continue;
    for (const [param, value] of Object.entries(params)) controls.get(paramKey(device, param))?.update(value as ParamValue, at);
  }
  pending.reported(doc);
}

function deviceGroup(ctx: ViewContext, node: NodeDetails, device: DeviceConfig, controls: Map<string, ParamControl>, pending: PendingWrites): HTMLElement {
  const group = h("fieldset", { class: "device", "data-device": device.name }, h("legend", {}, device.name, device.type ? h("span", { class: "device-type" }, ` ${device.type}`) : null));
  for (const p of device.params ?? []) {
    const key = paramKey(device.name, p.name);
    const control = paramControl(device.name, p, node.params[device.name]?.[p.name], (value) => void send(ctx, node.id, device.name, p.name, value, control, pending));
    if (!control) continue;
    controls.set(key, control);
    group.append(control.element);
  }
  return group;
}

async function send(ctx: ViewContext, nodeId: string, device: string, param: string, value: ParamValue, control: ParamControl | null, pending: PendingWrites): Promise<void> {
  control?.showWrite({ state: "sending" });
  // Pending first: the node's echo can arrive on the live channel before the PUT answers.
  pending.started(device, param, value, Date.now());
  try {
    const results = await ctx.api.json<SetResult[] | unknown>("PUT", "/v1/user/nodes/params", [{ node_id: nodeId, payload: { [device]: { [param]: value } } }]);
    const mine = Array.isArray(results) ? (results as SetResult[]).find((r) => r.node_id === nodeId) : undefined;
    if (mine && mine.status !== "success") pending.refused(device, param, mine.description ?? "The cloud refused the change");
  } catch (err) {
    pending.refused(device, param, (err as Error).message);
  }
}
