/** One cli-progress bar per node of a job, fed by polling the job status until every node is done. */
import cliProgress from "cli-progress";
import type { JobState } from "./cloud-ota";
import { jobDone } from "./cloud-ota";

export interface WatchOptions {
  poll: () => Promise<JobState>;
  intervalMs: number;
  timeoutMs: number;
  /** Where bars are drawn (default stderr); non-TTY streams get one line per change. */
  stream?: NodeJS.WriteStream;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves with the last job state: all nodes final, or the timeout passed. */
export async function watchJob(options: WatchOptions): Promise<{ job: JobState; timedOut: boolean }> {
  const stream = options.stream ?? process.stderr;
  const bars = new cliProgress.MultiBar(
    { format: " {node} [{bar}] {percentage}% | {status}: {info}", hideCursor: true, clearOnComplete: false, stopOnComplete: false, stream, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
  const byNode = new Map<string, cliProgress.SingleBar>();
  const sleep = options.sleep ?? wait;
  const deadline = Date.now() + options.timeoutMs;
  let job = await options.poll();
  try {
    for (;;) {
      for (const n of job.nodes) {
        const payload = { node: n.node_id.padEnd(14), status: n.status, info: n.info.slice(0, 60) };
        const bar = byNode.get(n.node_id);
        if (bar) bar.update(n.progress, payload);
        else byNode.set(n.node_id, bars.create(100, n.progress, payload));
      }
      if (jobDone(job)) return { job, timedOut: false };
      if (Date.now() >= deadline) return { job, timedOut: true };
      await sleep(options.intervalMs);
      job = await options.poll();
    }
  } finally {
    bars.stop();
  }
}
