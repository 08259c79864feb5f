/** Resident memory and CPU time of a process as the kernel reports them (works for non-Node brokers too). */
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

/** CPU time (user + system, all threads) a process has used so far, in ms; 10 ms resolution. */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of proc(5) (utime, stime, in clock ticks of 1/100 s); the slice starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
