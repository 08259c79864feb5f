/** Entry of the web dashboard: session, live channel and a hash router over the views. */
import { Api } from "./api";
import { LiveClient } from "./live";
import type { LiveState } from "./live";
import { clearSession, loadSession, saveSession } from "./session";
import type { View, ViewContext } from "./context";
import { LoginView } from "./views/login-view";
import { NodeListView } from "./views/node-list-view";
import { NodeView } from "./views/node-view";
import { OtaView } from "./views/ota-view";
import { AddDeviceView } from "./views/add-device-view";

const Routes: Readonly<Record<string, View>> = Object.freeze({ nodes: NodeListView, node: NodeView, ota: OtaView, "add-device": AddDeviceView });

const LiveLabels: Readonly<Record<LiveState, string>> = Object.freeze({ connecting: "Live: connecting…", live: "Live", down: "Live updates off" });

function start(): void {
  const main = document.getElementById("main")!;
  const nav = document.getElementById("nav")!;
  const liveBadge = document.getElementById("live-state")!;
  const userLabel = document.getElementById("user-name")!;
  let cleanup: (() => void) | void;

  const live = new LiveClient((state) => {
    liveBadge.textContent = LiveLabels[state];
    liveBadge.dataset.state = state;
  });
  const ctx: ViewContext = {
    session: loadSession(),
    api: new Api({ token: () => ctx.session?.accessToken ?? null, onUnauthorized: () => logout() }),
    live,
    login(session) {
      saveSession(session);
      ctx.session = session;
      live.open(session.accessToken);
      ctx.navigate("#/nodes");
    },
    navigate(hash) {
      if (location.hash === hash) render();
      else location.hash = hash;
    },
  };
  const logout = () => {
    clearSession();
    ctx.session = null;
    live.close();
    ctx.navigate("#/login");
  };
  document.getElementById("logout")!.addEventListener("click", logout);

  const render = () => {
    cleanup?.();
    main.replaceChildren();
    const [, name = "nodes", arg = ""] = location.hash.split("/");
    const signedIn = ctx.session !== null;
    nav.hidden = !signedIn;
    userLabel.textContent = ctx.session?.userName ?? "";
    const view = signedIn ? (Routes[name] ?? NodeListView) : LoginView;
    cleanup = view(ctx, main, decodeURIComponent(arg));
    for (const link of nav.querySelectorAll("a")) link.toggleAttribute("aria-current", link.getAttribute("href") === `#/${name}`);
    main.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true });
  };
  window.addEventListener("hashchange", render);
  if (ctx.session) live.open(ctx.session.accessToken);
  render();
}

start();
