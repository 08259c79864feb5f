/** Password hashing with node:crypto scrypt and a per-user random salt. Format `scrypt$N$<salt b64>$<hash b64>`. */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const ScryptParams = Object.freeze({ N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 });

function derive(password: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, ScryptParams.keyLength, { N: n, r: ScryptParams.r, p: ScryptParams.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(ScryptParams.saltLength);
  const key = await derive(password, salt, ScryptParams.N);
  return `scrypt$${ScryptParams.N}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** False for a wrong password or a malformed stored hash (never throws for bad input). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 4 || parts[0] !== "scrypt") return false;
  const n = Number(parts[1]);
  if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0) return false;
  const salt = Buffer.from(parts[2]!, "base64");
  const expected = Buffer.from(parts[3]!, "base64");
  if (expected.length !== ScryptParams.keyLength) return false;
  const key = await derive(password, salt, n);
  return timingSafeEqual(key, expected);
}
