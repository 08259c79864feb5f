/**
 * The logged-in session of the user CLI: `<profile dir>/cloud-session.json` (default `~/.xs-rainmaker`,
 * or `$XS_RAINMAKER_HOME`), written with mode 0600.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface CloudSession {
  baseUrl: string;
  userName: string;
  accesstoken: string;
  idtoken: string;
  refreshtoken: string;
}

export const DefaultBaseUrl = "http://127.0.0.1:8080";

export function defaultProfileDir(): string {
  return process.env.XS_RAINMAKER_HOME ?? join(homedir(), ".xs-rainmaker");
}

const sessionFile = (dir: string) => join(dir, "cloud-session.json");

export function loadSession(dir: string): CloudSession | null {
  let text: string;
  try {
    text = readFileSync(sessionFile(dir), "utf8");
  } catch {
    return null;
  }
  const s = JSON.parse(text) as Partial<CloudSession>;
  if (typeof s.baseUrl !== "string" || typeof s.accesstoken !== "string" || typeof s.refreshtoken !== "string") {
    throw new Error(`${sessionFile(dir)} is damaged; log in again`);
  }
  return s as CloudSession;
}

export function saveSession(dir: string, session: CloudSession): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(sessionFile(dir), `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
}

export function deleteSession(dir: string): void {
  rmSync(sessionFile(dir), { force: true });
}
