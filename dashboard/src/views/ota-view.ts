/**
 * OTA: upload an image (`POST /v1/user/otaimage`, raw bytes), push it to nodes (`POST /v1/user/otajobs`)
 * and follow each node's `otastatus` [spec 7] live, starting from `GET /v1/user/otajobs`.
 */
import { h, clear } from "../dom";
import type { View, ViewContext } from "../context";
import { fetchNodeDetails } from "./node-details";
import type { NodeDetails } from "../model/node-config";

interface UploadReply {
  image_id: string;
  fw_version: string;
  size: number;
  sha256: string;
}

interface JobReply {
  ota_job_id: string;
  nodes?: { node_id: string; status: string; info: string }[];
}

export const OtaView: View = (ctx, root) => {
  const file = h("input", { type: "file", id: "ota-file", required: true });
  const name = h("input", { id: "ota-name", placeholder: "defaults to the file name" });
  const version = h("input", { id: "ota-version", placeholder: "read from the image when empty" });
  const uploadStatus = h("p", { role: "status", "aria-live": "polite", class: "upload-status" });
  const pushSection = h("section", { class: "card", "aria-labelledby": "ota-push-title" });
  const progress = h("tbody");
  const progressTable = h(
    "table",
    { class: "ota-progress", hidden: true },
    h("caption", {}, "Progress per node"),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Node"), h("th", { scope: "col" }, "Status"), h("th", { scope: "col" }, "Info"))),
    progress,
  );
  let jobId: string | null = null;
  let nodes: NodeDetails[] = [];

  const uploadForm = h(
    "form",
    {
      class: "card stack",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        const chosen = file.files?.[0];
        if (!chosen) return void (uploadStatus.textContent = "Choose an image file first");
        uploadStatus.textContent = "Uploading…";
        const query = new URLSearchParams({ image_name: name.value.trim() || chosen.name });
        if (version.value.trim()) query.set("fw_version", version.value.trim());
        try {
          const reply = await ctx.api.bytes<UploadReply>(`/v1/user/otaimage?${query}`, await chosen.arrayBuffer());
          uploadStatus.textContent = `Uploaded ${reply.image_id}: version ${reply.fw_version || "(unknown)"}, ${reply.size} bytes`;
          showPush(reply);
        } catch (err) {
          uploadStatus.textContent = `Upload failed: ${(err as Error).message}`;
        }
      },
    },
    h("h2", {}, "1. Upload an image"),
    h("label", { for: "ota-file" }, "Firmware image (.bin)"),
    file,
    h("label", { for: "ota-name" }, "Image name"),
    name,
    h("label", { for: "ota-version" }, "Firmware version"),
    version,
    h("button", { type: "submit" }, "Upload"),
    uploadStatus,
  );

  const showPush = (image: UploadReply) => {
    clear(pushSection);
    const boxes = nodes.map((n) => h("input", { type: "checkbox", id: `ota-node-${n.id}`, value: n.id, checked: n.status.connectivity.connected }));
    const pushStatus = h("p", { role: "status", "aria-live": "polite" });
    const form = h(
      "form",
      {
        onsubmit: async (ev: Event) => {
          ev.preventDefault();
          const ids = boxes.filter((b) => b.checked).map((b) => b.value);
          if (ids.length === 0) return void (pushStatus.textContent = "Select at least one node");
          try {
            const job = await ctx.api.json<JobReply>("POST", "/v1/user/otajobs", { image_id: image.image_id, node_ids: ids });
            jobId = job.ota_job_id;
            pushStatus.textContent = `Job ${jobId} created`;
            await refreshJob(ctx);
          } catch (err) {
            pushStatus.textContent = `Push failed: ${(err as Error).message}`;
          }
        },
      },
      h(
        "fieldset",
        {},
        h("legend", {}, `Nodes to update with ${image.image_id}`),
        ...(nodes.length === 0 ? [h("p", {}, "No nodes mapped to your account.")] : nodes.map((n, i) => h("div", {}, boxes[i]!, h("label", { for: `ota-node-${n.id}` }, ` ${n.config.info?.name ?? n.id} (${n.id}, firmware ${n.config.info?.fw_version ?? "?"})`)))),
      ),
      h("button", { type: "submit" }, "Push to selected nodes"),
      pushStatus,
      progressTable,
    );
    pushSection.append(h("h2", { id: "ota-push-title" }, "2. Push to nodes"), form);
  };

  const setRow = (nodeId: string, status: string, info: string) => {
    let row = progress.querySelector<HTMLTableRowElement>(`tr[data-node="${CSS.escape(nodeId)}"]`);
    if (!row) {
      row = h("tr", { "data-node": nodeId }, h("td", { class: "mono" }, nodeId), h("td", { class: "ota-status" }), h("td", { class: "ota-info" }));
      progress.append(row);
    }
    row.cells[1]!.textContent = status;
    row.cells[2]!.textContent = info;
    row.dataset.status = status;
  };

  const refreshJob = async (c: ViewContext) => {
    if (!jobId) return;
    const job = await c.api.json<JobReply>("GET", `/v1/user/otajobs?ota_job_id=${encodeURIComponent(jobId)}`);
    progressTable.hidden = false;
    for (const n of job.nodes ?? []) setRow(n.node_id, n.status, n.info);
  };

  root.append(h("h1", { tabindex: -1 }, "Firmware update (OTA)"), uploadForm, pushSection);
  fetchNodeDetails(ctx)
    .then((list) => void (nodes = list))
    .catch((err: Error) => void (uploadStatus.textContent = `Could not load nodes: ${err.message}`));
  return ctx.live.subscribe((msg) => {
    if (msg.kind === "ota" && msg.jobId === jobId) {
      progressTable.hidden = false;
      setRow(msg.nodeId, msg.status, msg.info);
    }
  });
};
