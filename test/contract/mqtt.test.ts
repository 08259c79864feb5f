import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { Aedes, type Client } from "aedes";
import { createFakeBroker } from "../../host-sim/fakes/mqtt";
import { createMqtt } from "../../host-sim/adapters/mqtt";
import { mqttContract, type MqttHarness, type SeenMessage } from "./mqtt.contract";

mqttContract("in-memory fake broker", async () => {
  const broker = createFakeBroker({ host: "127.0.0.1", port: 1883 });
  return {
    host: "127.0.0.1",
    port: 1883,
    makePort: (options) => broker.port(options),
    received: () => broker.published().filter((m) => m.clientId !== undefined),
    inject: async (topic, payload, options) => void (await broker.inject(topic, payload, options)),
    refuseNext: (code) => broker.refuseNextConnect(code),
    drop: (id) => void broker.drop(id),
    connectedIds: () => broker.clients().map((c) => c.clientId),
    close: async () => broker.dropAll(),
  };
});

/** A real aedes broker on 127.0.0.1:<ephemeral> with the harness control surface. */
export async function startAedesHarness(): Promise<MqttHarness> {
  let refuseCode: number | undefined;
  const broker = await Aedes.createBroker({
    authenticate: (_client, _username, _password, done) => {
      if (refuseCode === undefined) return done(null, true);
      const error = Object.assign(new Error("refused by test"), { returnCode: refuseCode });
      refuseCode = undefined;
      done(error as never, false);
    },
  });
  const clients = new Map<string, Client>();
  const seen: SeenMessage[] = [];
  broker.on("clientReady", (client) => clients.set(client.id, client));
  broker.on("clientDisconnect", (client) => {
    if (clients.get(client.id) === client) clients.delete(client.id);
  });
  broker.on("publish", (packet, client) => {
    if (client) seen.push({ clientId: client.id, topic: packet.topic, payload: new Uint8Array(packet.payload as Buffer), qos: packet.qos, retain: packet.retain });
  });
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    host: "127.0.0.1",
    port,
    makePort: (options) => createMqtt({ ...options, connectTimeoutMs: 3000 }),
    received: () => seen.slice(),
    inject: (topic, payload, options) =>
      new Promise<void>((resolve, reject) =>
        broker.publish(
          { cmd: "publish", topic, payload: Buffer.from(payload), qos: options?.qos ?? 1, retain: options?.retain ?? false, dup: false },
          (error) => (error ? reject(error) : resolve()),
        ),
      ),
    refuseNext: (code) => {
      refuseCode = code;
    },
    drop: (id) => clients.get(id)?.conn.destroy(),
    connectedIds: () => [...clients.keys()],
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

mqttContract("mqtt-packet adapter against aedes", startAedesHarness);
