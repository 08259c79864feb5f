/** `node/<id>/alert`: `{"esp.alert.str":…}` or notify params [spec 2.3], kept as records. */
import type { MqttRule } from "./rule";
import { TopicSuffix } from "../../../firmware/protocol/rainmaker/topics";
import { decodeAlert } from "../../../firmware/protocol/rainmaker/alert";
import { keepRecords } from "./keep-records";

export const AlertRule: MqttRule = { suffix: TopicSuffix.Alert, handle: keepRecords("alert", decodeAlert) };
