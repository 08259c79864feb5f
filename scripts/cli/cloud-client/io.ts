/** Where user CLI commands write; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Marks the run failed (process exit code 1 for the real CLI). */
  fail(): void;
}

export const ProcessIo: CliIo = Object.freeze({
  out: (line: string) => void process.stdout.write(`${line}\n`),
  err: (line: string) => void process.stderr.write(`${line}\n`),
  fail: () => {
    process.exitCode = 1;
  },
});
