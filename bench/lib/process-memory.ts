/** Resident memory of a process as the kernel reports it (works for non-Node brokers too). */
import { readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";

export async function rssKbOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** One line naming the machine and its current load (other jobs may share it). */
export function machineLine(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  return `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), load average ${one} ${five} ${fifteen}`;
}
