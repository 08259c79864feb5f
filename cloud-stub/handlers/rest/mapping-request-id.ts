/** Mapping request ids: `MAPREQ` + 14-digit counter, as in the recording [vectors/cli-rest.json]. */
import type { CloudStore } from "../../store/store";

export function nextMappingRequestId(store: CloudStore): string {
  return `MAPREQ${String(store.nextSequence("mapping_request")).padStart(14, "0")}`;
}
