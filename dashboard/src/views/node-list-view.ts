/** The user's nodes: name, id, online status and firmware version, kept current by the live channel. */
import { h, clear } from "../dom";
import type { View, ViewContext } from "../context";
import { fetchNodeDetails } from "./node-details";
import type { NodeDetails } from "../model/node-config";

export const NodeListView: View = (ctx, root) => {
  const status = h("p", { role: "status", "aria-live": "polite" }, "Loading nodes…");
  const body = h("tbody");
  const table = h(
    "table",
    { class: "nodes" },
    h("caption", { class: "sr-only" }, "Your nodes"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Node id"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Firmware"), h("th", { scope: "col" }, "Type"))),
    body,
  );
  root.append(h("h1", { tabindex: -1 }, "Nodes"), status, table);
  let nodes: NodeDetails[] = [];
  const render = () => {
    clear(body);
    for (const n of nodes) body.append(nodeRow(n));
    status.textContent = nodes.length === 0 ? "No nodes are mapped to your account yet. See Add device." : `${nodes.length} node${nodes.length === 1 ? "" : "s"}`;
  };
  const load = () =>
    loadAll(ctx)
      .then((list) => {
        nodes = list;
        render();
      })
      .catch((err: Error) => void (status.textContent = `Could not load nodes: ${err.message}`));
  void load();
  return ctx.live.subscribe((msg) => {
    const node = nodes.find((n) => n.id === msg.nodeId);
    if (msg.kind === "connectivity" && node) {
      node.status.connectivity = { connected: msg.connected, timestamp: msg.at };
      render();
    } else if (msg.kind === "config" || (msg.kind === "connectivity" && !node)) void load();
  });
};

function loadAll(ctx: ViewContext): Promise<NodeDetails[]> {
  return fetchNodeDetails(ctx);
}

export function statusBadge(connected: boolean): HTMLElement {
  return h("span", { class: `badge ${connected ? "online" : "offline"}`, "data-online": String(connected) }, connected ? "Online" : "Offline");
}

function nodeRow(n: NodeDetails): HTMLElement {
  return h(
    "tr",
    { "data-node": n.id },
    h("td", {}, h("a", { href: `#/node/${encodeURIComponent(n.id)}` }, n.config.info?.name ?? n.id)),
    h("td", { class: "mono" }, n.id),
    h("td", {}, statusBadge(n.status.connectivity.connected)),
    h("td", { class: "fw" }, n.config.info?.fw_version ?? "–"),
    h("td", {}, n.config.info?.type ?? "–"),
  );
}
