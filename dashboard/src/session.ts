/** The login session of this tab: tokens live in sessionStorage only (gone when the tab closes). */
export interface Session {
  accessToken: string;
  userName: string;
}

const Key = "xs-rainmaker.session";

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(Key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (typeof parsed === "object" && parsed !== null && typeof (parsed as Session).accessToken === "string") return parsed as Session;
  } catch {
    sessionStorage.removeItem(Key);
  }
  return null;
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(Key, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(Key);
}
