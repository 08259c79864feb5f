/** What every view gets: the API, the live channel, the session and navigation. */
import type { Api } from "./api";
import type { LiveClient } from "./live";
import type { Session } from "./session";

export interface ViewContext {
  api: Api;
  live: LiveClient;
  session: Session | null;
  login(session: Session): void;
  navigate(hash: string): void;
}

/** A view renders into `root` and returns its cleanup (unsubscribe, timers). */
export type View = (ctx: ViewContext, root: HTMLElement, arg: string) => (() => void) | void;
