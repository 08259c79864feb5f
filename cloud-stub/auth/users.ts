/** Creating users outside the signup route (server start-up seeding, tests, admin scripts). */
import { randomUUID } from "node:crypto";
import { hashPassword } from "./password";
import type { CloudStore, UserRecord } from "../store/store";

export interface NewUser {
  userName: string;
  password: string;
  name?: string;
  /** Fixed id (e.g. to match recorded vectors); random UUID otherwise. */
  userId?: string;
}

/** Creates a confirmed user, or returns the existing one with that user name unchanged. */
export async function ensureUser(store: CloudStore, user: NewUser, now: number): Promise<UserRecord> {
  const existing = store.getUserByName(user.userName);
  if (existing) return existing;
  const record: UserRecord = {
    userId: user.userId ?? randomUUID(),
    userName: user.userName,
    passwordHash: await hashPassword(user.password),
    name: user.name ?? user.userName,
    confirmed: true,
    createdAt: now,
  };
  store.createUser(record);
  return record;
}
