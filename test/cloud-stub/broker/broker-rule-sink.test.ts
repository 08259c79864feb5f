import assert from "node:assert/strict";
import { connect } from "mqtt";
import type { MqttClient } from "mqtt";
import { startMtlsBroker } from "../../../cloud-stub/broker";
import type { RunningBroker } from "../../../cloud-stub/broker";
import { loadOrCreateServerCredentials } from "../../../cloud-stub/pki/server-credentials";
import { makeCsr, openTempPki } from "../pki/fixtures";
import type { TempPki } from "../pki/fixtures";
import { RecordingLog } from "./fixtures";
import { waitFor } from "../../contract/wait-for";

const NODE_ID = "SINKNODE01";
const topic = (suffix: string) => `node/${NODE_ID}/${suffix}`;

describe("cloud-stub broker rule sink", () => {
  let pki: TempPki;
  let broker: RunningBroker;
  let client: MqttClient;
  const log = new RecordingLog();
  const seen: string[] = [];

  before(async () => {
    pki = await openTempPki();
    broker = await startMtlsBroker({
      authority: pki.authority,
      server: await loadOrCreateServerCredentials(pki.dir, pki.authority),
      log,
      sink: {
        onMqttMessage(ev) {
          const body = Buffer.from(ev.payload).toString("utf8");
          seen.push(body);
          if (body === "throw") throw new Error("sync rule failure");
          if (body === "reject") return Promise.reject(new Error("async rule failure"));
        },
        onConnectivity() {},
      },
    });
    const { csrPem, keyPem } = await makeCsr(NODE_ID);
    const issued = await pki.authority.issueFromCsr(csrPem, NODE_ID);
    if (!issued.ok) throw new Error(issued.message);
    client = connect(broker.url, { clientId: NODE_ID, key: keyPem, cert: issued.certificatePem, ca: pki.authority.caPem, reconnectPeriod: 0, protocolVersion: 4 });
    await new Promise<void>((resolve, reject) => {
      client.once("connect", () => resolve());
      client.once("error", reject);
    });
  });

  after(async () => {
    await client?.endAsync(true);
    await broker?.close();
    await pki?.close();
  });

  it("acknowledges and logs a message whose rule throws or rejects, and keeps serving", async () => {
    await client.publishAsync(topic("params/local"), "throw", { qos: 1 });
    await client.publishAsync(topic("params/local"), "reject", { qos: 1 });
    await client.publishAsync(topic("params/local"), "ok", { qos: 1 });
    // aedes sends the PUBACK before it hands the message to the rules.
    await waitFor(() => seen.includes("ok"), "the third message at the rule");
    assert.deepEqual(seen.slice(-3), ["throw", "reject", "ok"]);
    const failures = log.lines.filter((l) => l === "error rule failed");
    assert.equal(failures.length, 2);
  });
});
