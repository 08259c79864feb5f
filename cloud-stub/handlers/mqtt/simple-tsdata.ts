/** `node/<id>/simple_tsdata`: one simple time-series record [spec 2.4], kept as records. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeSimpleTsData } from "../../../firmware/protocol/rainmaker/tsdata";
import { keepRecords } from "./keep-records";

export const SimpleTsDataRule: MqttRule = { suffix: TopicSuffix.SimpleTsData, handle: keepRecords("simple_tsdata", decodeSimpleTsData) };
