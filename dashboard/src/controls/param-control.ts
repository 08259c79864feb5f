/**
 * One param's row on the node page: label, the control chosen by `controlKind`, the write status
 * (aria-live) and, for time-series params, a sparkline of recent values.
 */
import { h, formatValue, uid } from "../dom";
import type { ParamConfig, ParamValue } from "../model/node-config";
import { controlKind, hasChart, unitOf } from "../model/control-kind";
import type { WriteState } from "../model/pending";
import { buildInput } from "./inputs";
import type { ParamInput } from "./inputs";
import { Sparkline } from "./sparkline";

export interface ParamControl {
  readonly element: HTMLElement;
  /** A value reported by the node. */
  update(value: ParamValue, at: number): void;
  showWrite(state: WriteState | { state: "sending" }): void;
  /** A note about what the page did to the input (e.g. clamped to a bound). */
  showNote(note: string | null): void;
}

export function paramControl(device: string, p: ParamConfig, initial: ParamValue | undefined, send: (value: ParamValue) => void): ParamControl | null {
  const kind = controlKind(p);
  if (kind === "hidden") return null;
  const inputId = uid("param");
  const statusEl = h("span", { class: "write-status", role: "status", "aria-live": "polite", "data-state": "idle" });
  const noteEl = h("span", { class: "note", role: "status", "aria-live": "polite" });
  const unit = unitOf(p);
  let input: ParamInput;
  const row = h("div", { class: `param param-${kind}`, "data-device": device, "data-param": p.name });
  input = buildInput(kind, p, inputId, unit, (value, note) => {
    noteEl.textContent = note ? `${p.name} ${note}` : "";
    send(value);
  });
  const chart = hasChart(p) ? new Sparkline(`${device} ${p.name} recent values`) : null;
  row.append(
    h("label", { class: "param-name", for: input.labelTarget ? inputId : undefined, id: `${inputId}-label` }, p.name, unit && kind !== "readout" ? ` (${unit})` : ""),
    input.element,
    statusEl,
    noteEl,
  );
  if (chart) row.append(chart.element);
  if (!input.labelTarget) input.element.setAttribute("aria-labelledby", `${inputId}-label`);
  if (initial !== undefined) {
    input.set(initial);
    chart?.push(initial, Date.now());
  }
  return {
    element: row,
    update(value, at) {
      // A newer report makes an old "Applied"/"Error" stale; open writes are settled by the pending tracker.
      if (statusEl.dataset.state === "applied" || statusEl.dataset.state === "failed") {
        statusEl.dataset.state = "idle";
        statusEl.textContent = "";
      }
      input.set(value);
      chart?.push(value, at);
    },
    showWrite(state) {
      statusEl.dataset.state = state.state;
      statusEl.textContent = describe(state, unit);
    },
    showNote(note) {
      noteEl.textContent = note ?? "";
    },
  };
}

function describe(state: WriteState | { state: "sending" }, unit: string): string {
  switch (state.state) {
    case "sending":
      return "Sending…";
    case "pending":
      return "Pending: waiting for the node";
    case "applied":
      return state.adjusted ? `Applied as ${formatValue(state.value, unit)} by the node` : "Applied";
    case "failed":
      return `Error: ${state.reason}`;
  }
}
