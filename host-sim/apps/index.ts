import { lightbulbApp } from "./lightbulb";
import { multiApp } from "./multi";
import { sensorApp } from "./sensor";
import type { SimApp } from "./sim-app";
import { switchApp } from "./switch";

export type { SimApp } from "./sim-app";

/** The apps `xs-rainmaker sim --app` knows. */
export const SimApps: Readonly<Record<string, SimApp>> = Object.freeze({
  lightbulb: lightbulbApp,
  switch: switchApp,
  sensor: sensorApp,
  multi: multiApp,
});

export function simApp(name: string): SimApp {
  const app = Object.prototype.hasOwnProperty.call(SimApps, name) ? SimApps[name] : undefined;
  if (!app) throw new Error(`unknown app "${name}"; choose one of ${Object.keys(SimApps).join(", ")}`);
  return app;
}
