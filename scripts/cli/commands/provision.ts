/** `xs-rainmaker provision`: the phone-app emulator [spec 6.7, issue 3 item 6]. */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { pemToDerBlocks } from "../../../firmware/protocol/der/pem";
import { guarded, profileDir, withProfileOption, type ProfileOptions } from "../cloud-client/command-kit";
import { loadSession } from "../cloud-client/profile";
import { SessionClient } from "../cloud-client/rest-client";
import { ProcessIo, type CliIo } from "../cloud-client/io";
import { runProvisioning } from "../../prov-client/provision-flow";
import { parseQrPayload } from "../../prov-client/qr-payload";
import { createSoftApTransport } from "../../prov-client/softap-http";

interface ProvisionCliOptions extends ProfileOptions {
  transport?: string;
  host: string;
  sec?: string;
  pop?: string;
  username?: string;
  ssid: string;
  passphrase: string;
  qr?: string;
  scan: boolean;
  reset?: boolean;
  cloud?: string;
  token?: string;
  userId?: string;
  claim?: boolean;
  claimUrl?: string;
  ca?: string;
  pollMs: string;
  mappingPollMs: string;
}

function positiveInt(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** `--token`, else the access token of the `xs-rainmaker login` session (refreshed when expired). */
async function cloudToken(opts: ProvisionCliOptions, needed: string): Promise<string> {
  if (opts.token) return opts.token;
  const dir = profileDir(opts);
  const session = loadSession(dir);
  if (!session) throw new Error(`${needed} needs --token, or a session from \`xs-rainmaker login\``);
  return new SessionClient(session, dir).accessToken();
}

export function register(program: Command, io: CliIo = ProcessIo): void {
  withProfileOption(program.command("provision"))
    .description("provision a device's Wi-Fi over protocomm (SoftAP HTTP), like the phone app")
    .option("--transport <transport>", "softap (default, or the QR payload's; BLE needs a phone app or esp_prov)")
    .option("--host <host:port>", "device address", "192.168.4.1:80")
    .option("--sec <0|1|2>", "security version (default: what proto-ver says)")
    .option("--pop <pop>", "proof of possession")
    .option("--username <name>", "security 2 username", "wifiprov")
    .requiredOption("--ssid <ssid>", "network to join")
    .option("--passphrase <passphrase>", "network passphrase", "")
    .option("--qr <json>", "QR payload JSON; supplies pop/username when not given")
    .option("--no-scan", "skip the Wi-Fi scan")
    .option("--reset", "send prov-ctrl reset first (after a failed attempt)")
    .option("--cloud <url>", "cloud base URL for the user-node mapping")
    .option("--token <token>", "access token for --cloud (sent raw in Authorization; default: the login session's)")
    .option("--user-id <id>", "user id for cloud_user_assoc (default: GET /v1/user)")
    .option("--claim", "assisted claim when the device asks for it (needs --token; before Wi-Fi, as the phone app does)")
    .option("--claim-url <url>", "claim service base URL (default: --cloud)")
    .option("--ca <file>", "PEM of the CA that signs an https claim service (e.g. the local cloud's dev CA)")
    .option("--poll-ms <ms>", "status poll interval", "1000")
    .option("--mapping-poll-ms <ms>", "user-node mapping poll interval", "5000")
    .action((opts: ProvisionCliOptions) =>
      guarded(io, async () => {
        const qr = opts.qr ? parseQrPayload(opts.qr) : {};
        const transport = opts.transport ?? qr.transport ?? "softap";
        if (transport !== "softap") throw new Error(`transport ${transport} is not available here; use --transport softap (BLE needs a phone app or esp_prov)`);
        if (opts.claim) opts.token = await cloudToken(opts, "--claim");
        else if (opts.cloud) opts.token = await cloudToken(opts, "--cloud");
        const claimUrl = opts.claimUrl ?? opts.cloud;
        if (opts.claim && !claimUrl) throw new Error("--claim needs --claim-url or --cloud");
        const ca = opts.ca ? pemToDerBlocks(readFileSync(opts.ca, "utf8")).filter((b) => b.label === "CERTIFICATE").map((b) => b.der) : undefined;
        if (ca?.length === 0) throw new Error(`--ca ${opts.ca}: no PEM certificate in the file`);
        let security: 0 | 1 | 2 | undefined;
        if (opts.sec !== undefined) {
          if (!["0", "1", "2"].includes(opts.sec)) throw new Error(`--sec must be 0, 1 or 2, got ${opts.sec}`);
          security = Number(opts.sec) as 0 | 1 | 2;
        }
        io.out(`==== Provisioning ${qr.name ? `${qr.name} ` : ""}at ${opts.host} over SoftAP HTTP`);
        const ok = await runProvisioning(
          {
            transport: createSoftApTransport({ host: opts.host }),
            ...(security !== undefined ? { security } : {}),
            ...((opts.pop ?? qr.pop) !== undefined ? { pop: (opts.pop ?? qr.pop)! } : {}),
            username: qr.username && opts.username === "wifiprov" ? qr.username : opts.username ?? "wifiprov",
            ssid: opts.ssid,
            passphrase: opts.passphrase,
            scan: opts.scan,
            reset: opts.reset === true,
            pollMs: positiveInt("--poll-ms", opts.pollMs),
            mappingPollMs: positiveInt("--mapping-poll-ms", opts.mappingPollMs),
            ...(opts.claim ? { claim: { baseUrl: claimUrl!, token: opts.token!, ...(ca ? { ca } : {}) } } : {}),
            ...(opts.cloud ? { cloud: { baseUrl: opts.cloud, token: opts.token!, ...(opts.userId ? { userId: opts.userId } : {}) } } : {}),
          },
          io,
        );
        if (!ok) io.fail();
      }),
    );
}
