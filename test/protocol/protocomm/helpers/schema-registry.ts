import * as Schemas from "../../../../firmware/protocol/protocomm/schemas/index";
import type { MessageSchema } from "../../../../firmware/protocol/protocomm/schema";

type AnySchema = MessageSchema<unknown>;

function isMessageSchema(v: unknown): v is AnySchema {
  return typeof v === "object" && v !== null && "fields" in v && "fieldByNumber" in v;
}

/** Proto packages of the RainMaker files; the ESP-IDF files have none. */
const PACKAGE_OF: Readonly<Record<string, string>> = Object.freeze({
  RMakerConfigPayload: "rainmaker",
  CmdSetUserMapping: "rainmaker",
  RespSetUserMapping: "rainmaker",
  RMakerChRespPayload: "rmaker_ch_resp",
  CmdCRPayload: "rmaker_ch_resp",
  RespCRPayload: "rmaker_ch_resp",
  CmdGetNodeIDPayload: "rmaker_ch_resp",
  RespGetNodeIDPayload: "rmaker_ch_resp",
  CmdDisableChalRespPayload: "rmaker_ch_resp",
  RespDisableChalRespPayload: "rmaker_ch_resp",
  RMakerClaimPayload: "rmaker_claim",
  PayloadBuf: "rmaker_claim",
  RespPayload: "rmaker_claim",
});

/** Every message schema we define, with its fully qualified proto name. */
export const ALL_MESSAGES: ReadonlyArray<{ fullName: string; schema: AnySchema }> = (Object.values(Schemas) as unknown[])
  .filter(isMessageSchema)
  .map((schema) => {
    const pkg = PACKAGE_OF[schema.name];
    return { fullName: pkg ? `${pkg}.${schema.name}` : schema.name, schema };
  });

export function schemaByName(name: string): AnySchema {
  const hit = ALL_MESSAGES.find((m) => m.fullName === name || m.schema.name === name);
  if (!hit) throw new Error(`no schema named ${name}`);
  return hit.schema;
}
