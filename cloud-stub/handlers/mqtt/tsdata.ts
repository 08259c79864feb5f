/** `node/<id>/tsdata`: time-series records [spec 2.4], kept as records. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeTsData } from "../../../firmware/protocol/rainmaker/tsdata";
import { keepRecords } from "./keep-records";

export const TsDataRule: MqttRule = { suffix: TopicSuffix.TsData, handle: keepRecords("tsdata", decodeTsData) };
