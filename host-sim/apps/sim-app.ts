import type { NodeApp } from "../../firmware/core/index";
import type { FakeIo } from "../fakes/io/index";

/** A simulator app: the firmware node declaration plus the virtual hardware around it. */
export interface SimApp {
  readonly name: string;
  readonly node: NodeApp;
  /** Attach virtual parts (sensors, idle button levels) before the drivers open their IO. */
  wire(io: FakeIo): void;
  /** Pin of the user button, when the app has one. */
  readonly buttonPin?: number;
}
