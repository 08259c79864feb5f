/**
 * `xs-rainmaker ota keygen | build | upload | push`: signing keys, signed images (manifest + app binary,
 * firmware/protocol/ota-image), upload to the cloud and jobs with a progress bar per node [spec 7].
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import { guarded, sessionClient, withProfileOption } from "../cloud-client/command-kit";
import type { ProfileOptions } from "../cloud-client/command-kit";
import { ProcessIo } from "../cloud-client/io";
import type { CliIo } from "../cloud-client/io";
import { bundleApp } from "../../ota/bundle-app";
import { createJob, getJob, uploadImage } from "../../ota/cloud-ota";
import type { JobTarget } from "../../ota/cloud-ota";
import { buildImage, inspectImage } from "../../ota/image-builder";
import { generateOtaKeyPair, loadSigningKey } from "../../ota/keys";
import { watchJob } from "../../ota/push-progress";
import { allPages } from "./nodes";

export const DefaultKeyFile = "ota-signing-key.pem";

interface BuildOptions {
  app: string;
  version: string;
  project?: string;
  key: string;
  input?: string;
  out?: string;
  secureVersion?: string;
  minVersion?: string;
}

interface PushOptions extends ProfileOptions {
  image: string;
  nodes?: string;
  all?: boolean;
  type?: string;
  model?: string;
  wait: boolean;
  timeout: string;
  interval: string;
}

/** The repository's example apps, which `--app <name>` names (as `xs-rainmaker sim --app` does). */
const ExamplesDir = resolve(import.meta.dirname, "..", "..", "..", "firmware", "examples");

/** `--app`: a path, or the name of an example app (`lightbulb` -> firmware/examples/lightbulb). */
export function appPath(app: string): string {
  const full = resolve(app);
  if (existsSync(full)) return full;
  const example = join(ExamplesDir, app);
  if (/^[a-z0-9-]+$/.test(app) && existsSync(join(example, "main.ts"))) return example;
  throw new Error(`--app ${app}: no such file or folder, and no example app of that name in ${ExamplesDir}`);
}

/** The project name defaults to the app's folder (e.g. firmware/examples/lightbulb -> "lightbulb"). */
function projectOf(app: string): string {
  // with --input the app need not exist on this machine: its name is the project
  const full = existsSync(resolve(app)) ? resolve(app) : existsSync(join(ExamplesDir, app)) ? join(ExamplesDir, app) : undefined;
  if (full === undefined) return basename(app);
  return basename(/\.[cm]?[jt]s$/.test(full) ? dirname(full) : full);
}

function targetOf(opts: PushOptions): { target?: JobTarget; allNodes: boolean } {
  const chosen = [opts.nodes !== undefined, opts.all === true, opts.model !== undefined && !opts.all].filter(Boolean).length;
  if (chosen !== 1) throw new Error("choose the nodes: --nodes a,b | --all [--type T] | --model M");
  if (opts.nodes !== undefined) {
    const ids = opts.nodes.split(",").map((s) => s.trim()).filter(Boolean);
    if (ids.length === 0) throw new Error("--nodes lists no node id");
    return { target: { node_ids: ids }, allNodes: false };
  }
  if (opts.type !== undefined) return { target: { type: opts.type }, allNodes: false };
  if (opts.model !== undefined) return { target: { model: opts.model }, allNodes: false };
  return { allNodes: true };
}

/** `progressStream`: where `ota push` draws its bars (default stderr). */
export function register(program: Command, io: CliIo = ProcessIo, options: { progressStream?: NodeJS.WriteStream } = {}): void {
  const ota = program.command("ota").description("signed firmware updates: keys, images, upload, push");

  ota
    .command("keygen")
    .description("create an ECDSA P-256 signing key and print the public key for the firmware config")
    .option("--out-dir <dir>", "where to write the key files", ".")
    .option("--force", "overwrite an existing key")
    .action((opts: { outDir: string; force?: boolean }) =>
      guarded(io, async () => {
        mkdirSync(opts.outDir, { recursive: true });
        const keyFile = join(opts.outDir, DefaultKeyFile);
        if (existsSync(keyFile) && !opts.force) throw new Error(`${keyFile} exists; use --force to replace it (images signed with it will no longer install)`);
        const pair = generateOtaKeyPair();
        writeFileSync(keyFile, pair.privatePem, { mode: 0o600 });
        chmodSync(keyFile, 0o600);
        const hex = Buffer.from(pair.publicKey).toString("hex");
        writeFileSync(join(opts.outDir, "ota-public-key.txt"), `${hex}\n`);
        io.out(`private key: ${keyFile} (keep it secret)`);
        io.out(`public key (65-byte SEC1, hex) for the firmware config "ota.publicKey":\n${hex}`);
        io.out(`base64: ${Buffer.from(pair.publicKey).toString("base64")}`);
      }),
    );

  ota
    .command("build")
    .description("package an app binary with a signed manifest (project, version, size, SHA-256)")
    .requiredOption("--app <path>", "the app (entry file, folder, or an example's name such as lightbulb); bundled with esbuild for the simulator unless --input is given")
    .requiredOption("--version <version>", "firmware version of the image")
    .option("--project <name>", "project name the device must match (default: the app folder name)")
    .option("--key <pem>", "signing key from `ota keygen`", DefaultKeyFile)
    .option("--input <bin>", "binary to package instead of bundling the app (ESP32: the mcconfig .bin)")
    .option("--out <file>", "image file to write (default <project>-<version>.xsota)")
    .option("--secure-version <n>", "anti-rollback counter in the manifest")
    .option("--min-version <version>", "oldest running version allowed to install it")
    .action((opts: BuildOptions) =>
      guarded(io, async () => {
        const project = opts.project ?? projectOf(opts.app);
        const key = loadSigningKey(readFileSync(opts.key, "utf8"));
        let entry = opts.input ? resolve(opts.app) : appPath(opts.app);
        if (!opts.input && existsSync(join(entry, "main.ts"))) entry = join(entry, "main.ts");
        const payload = opts.input ? new Uint8Array(readFileSync(opts.input)) : await bundleApp(entry, { projectName: project, version: opts.version });
        const secureVersion = opts.secureVersion === undefined ? undefined : Number(opts.secureVersion);
        if (secureVersion !== undefined && !Number.isInteger(secureVersion)) throw new Error("--secure-version must be an integer");
        const image = buildImage({ payload, project, version: opts.version, key, ...(secureVersion === undefined ? {} : { secureVersion }), ...(opts.minVersion ? { minVersion: opts.minVersion } : {}) });
        const out = opts.out ?? `${project}-${opts.version}.xsota`;
        writeFileSync(out, image);
        const m = inspectImage(image).prefix.manifest;
        io.out(`${out}: ${m.project} ${m.version}, payload ${m.size} bytes, sha256 ${m.sha256}, image ${image.length} bytes`);
      }),
    );

  withProfileOption(
    ota.command("upload").description("upload a signed image to the cloud").requiredOption("--image <file>", "image from `ota build`").option("--name <name>", "image name (default: file name)"),
  ).action((opts: ProfileOptions & { image: string; name?: string }) =>
    guarded(io, async () => {
      const bytes = new Uint8Array(readFileSync(opts.image));
      const m = inspectImage(bytes).prefix.manifest;
      const up = await uploadImage(sessionClient(opts), opts.name ?? basename(opts.image), bytes);
      io.out(`uploaded ${m.project} ${m.version} as ${up.image_id} (${up.size} bytes): ${up.image_url}`);
    }),
  );

  withProfileOption(
    ota
      .command("push")
      .description("update nodes: upload the image (or use an uploaded image id), create the job, show progress per node")
      .requiredOption("--image <file|id>", "image file from `ota build`, or an image id from `ota upload`")
      .option("--nodes <ids>", "comma-separated node ids")
      .option("--all", "every node of yours (with --type T: every node of that type)")
      .option("--type <type>", "with --all: nodes whose config info.type is this")
      .option("--model <model>", "nodes whose config info.model is this")
      .option("--no-wait", "create the job and return")
      .option("--timeout <s>", "stop watching after this many seconds", "600")
      .option("--interval <ms>", "status poll interval", "1000"),
  ).action((opts: PushOptions) =>
    guarded(io, async () => {
      const client = sessionClient(opts);
      const { target, allNodes } = targetOf(opts);
      let imageId = opts.image;
      if (existsSync(opts.image)) {
        const bytes = new Uint8Array(readFileSync(opts.image));
        const m = inspectImage(bytes).prefix.manifest;
        imageId = (await uploadImage(client, basename(opts.image), bytes)).image_id;
        io.out(`uploaded ${m.project} ${m.version} as ${imageId}`);
      }
      const nodeIds = allNodes ? await allPages<string>(client, "", "nodes") : undefined;
      if (nodeIds && nodeIds.length === 0) throw new Error("you have no nodes");
      const job = await createJob(client, imageId, target ?? { node_ids: nodeIds! });
      io.out(`job ${job.ota_job_id} for ${job.node_ids.join(", ")}`);
      if (!opts.wait) return;
      const { job: last, timedOut } = await watchJob({ poll: () => getJob(client, job.ota_job_id), intervalMs: Number(opts.interval), timeoutMs: Number(opts.timeout) * 1000, ...(options.progressStream ? { stream: options.progressStream } : {}) });
      for (const n of last.nodes) io.out(`${n.node_id}: ${n.status}${n.info ? ` (${n.info})` : ""}`);
      if (timedOut) io.err(`[WARN]: stopped watching after ${opts.timeout} s; nodes still running continue (see \`ota push\` job ${job.ota_job_id})`);
      if (last.nodes.some((n) => n.status === "failed" || n.status === "rejected")) io.fail();
    }),
  );
}
