/** Login with a user of the stub: `POST /v1/login2 {"user_name","password"}` [cloud-rest-api 1]. */
import { h } from "../dom";
import type { View } from "../context";

interface LoginReply {
  accesstoken?: string;
}

export const LoginView: View = (ctx, root) => {
  const user = h("input", { id: "login-user", name: "username", autocomplete: "username", required: true });
  const password = h("input", { id: "login-password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", role: "alert" });
  const submit = h("button", { type: "submit" }, "Log in");
  const form = h(
    "form",
    {
      class: "card login",
      onsubmit: async (ev: Event) => {
        ev.preventDefault();
        error.textContent = "";
        submit.disabled = true;
        try {
          const reply = await ctx.api.json<LoginReply>("POST", "/v1/login2", { user_name: user.value.trim(), password: password.value });
          if (!reply?.accesstoken) throw new Error("The cloud did not return an access token");
          ctx.login({ accessToken: reply.accesstoken, userName: user.value.trim() });
        } catch (err) {
          error.textContent = `Login failed: ${(err as Error).message}`;
          submit.disabled = false;
        }
      },
    },
    h("h1", { tabindex: -1 }, "Log in"),
    h("label", { for: "login-user" }, "User name"),
    user,
    h("label", { for: "login-password" }, "Password"),
    password,
    submit,
    error,
  );
  root.append(form);
  user.focus();
};
