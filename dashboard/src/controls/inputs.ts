/** The input element of each control kind [spec 1.7 UI types]; `commit` sends a value with an optional note. */
import { h, formatValue } from "../dom";
import type { ParamConfig, ParamValue } from "../model/node-config";
import { dropdownOptions } from "../model/control-kind";
import type { ControlKind } from "../model/control-kind";
import { fitToBounds } from "../model/bounds";

export interface ParamInput {
  element: HTMLElement;
  set(value: ParamValue): void;
  /** True when the element with the control's id is a labelable form control. */
  labelTarget: boolean;
}

type Commit = (value: ParamValue, note: string | null) => void;

export function buildInput(kind: Exclude<ControlKind, "hidden">, p: ParamConfig, id: string, unit: string, commit: Commit): ParamInput {
  switch (kind) {
    case "toggle":
      return toggle(id, commit);
    case "push-button":
      return pushButton(p, id, commit);
    case "slider":
    case "hue-slider":
      return slider(kind, p, id, commit);
    case "dropdown":
      return dropdown(p, id, commit);
    case "number":
      return textual(p, id, "number", commit);
    case "text":
      return textual(p, id, "text", commit);
    case "json":
      return readout(id, "", true);
    case "readout":
      return readout(id, unit, false);
  }
}

function toggle(id: string, commit: Commit): ParamInput {
  const box = h("input", { type: "checkbox", role: "switch", id, onchange: () => commit(box.checked, null) });
  return { element: h("span", { class: "switch" }, box), set: (v) => void (box.checked = v === true), labelTarget: true };
}

function pushButton(p: ParamConfig, id: string, commit: Commit): ParamInput {
  const button = h("button", { type: "button", id, class: "push", onclick: () => commit(true, null) }, `Press ${p.name}`);
  return { element: button, set: () => undefined, labelTarget: true };
}

function slider(kind: "slider" | "hue-slider", p: ParamConfig, id: string, commit: Commit): ParamInput {
  const min = p.bounds?.min ?? 0;
  const max = p.bounds?.max ?? (kind === "hue-slider" ? 360 : 100);
  const step = p.bounds?.step ?? (p.data_type === "int" ? 1 : "any");
  const bounds = { min, max, step: typeof step === "number" ? step : undefined };
  const send = (raw: number, source: HTMLInputElement) => {
    const fitted = fitToBounds(raw, bounds, p.data_type);
    if ("error" in fitted) return;
    range.value = String(fitted.value);
    exact.value = String(fitted.value);
    source.setAttribute("aria-valuetext", String(fitted.value));
    commit(fitted.value, fitted.note);
  };
  const range: HTMLInputElement = h("input", {
    type: "range",
    id,
    min,
    max,
    step,
    class: kind === "hue-slider" ? "hue" : undefined,
    onchange: () => send(Number(range.value), range),
    oninput: () => void (exact.value = range.value),
  });
  const exact: HTMLInputElement = h("input", {
    type: "number",
    class: "exact",
    min,
    max,
    step,
    "aria-label": `${p.name} exact value`,
    onchange: () => send(Number(exact.value), exact),
  });
  return {
    element: h("span", { class: "slider" }, range, exact),
    set(v) {
      if (typeof v !== "number") return;
      range.value = String(v);
      exact.value = String(v);
    },
    labelTarget: true,
  };
}

function dropdown(p: ParamConfig, id: string, commit: Commit): ParamInput {
  const options = dropdownOptions(p);
  const select: HTMLSelectElement = h(
    "select",
    { id, onchange: () => commit(p.data_type === "string" ? select.value : Number(select.value), null) },
    ...options.map((o) => h("option", { value: String(o) }, String(o))),
  );
  return {
    element: select,
    set(v) {
      if (typeof v !== "string" && typeof v !== "number") return;
      if (!options.map(String).includes(String(v))) select.append(h("option", { value: String(v) }, String(v)));
      select.value = String(v);
    },
    labelTarget: true,
  };
}

function textual(p: ParamConfig, id: string, type: "text" | "number", commit: Commit): ParamInput {
  const input: HTMLInputElement = h("input", { type, id, step: type === "number" ? (p.data_type === "int" ? 1 : "any") : undefined });
  const error = h("span", { class: "input-error", role: "alert" });
  const form = h(
    "form",
    {
      class: "inline-form",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        error.textContent = "";
        if (type === "text") return commit(input.value, null);
        const fitted = fitToBounds(input.value.trim() === "" ? Number.NaN : Number(input.value), p.bounds, p.data_type);
        if ("error" in fitted) {
          error.textContent = fitted.error;
          return;
        }
        input.value = String(fitted.value);
        commit(fitted.value, fitted.note);
      },
    },
    input,
    h("button", { type: "submit" }, "Set"),
    error,
  );
  return {
    element: form,
    set(v) {
      if (document.activeElement !== input) input.value = typeof v === "string" || typeof v === "number" ? String(v) : "";
    },
    labelTarget: true,
  };
}

function readout(id: string, unit: string, json: boolean): ParamInput {
  const out = h(json ? "pre" : "output", { id, class: json ? "json" : "readout" });
  return {
    element: out,
    set: (v) => void (out.textContent = json ? JSON.stringify(v) : formatValue(v, unit)),
    labelTarget: !json,
  };
}
