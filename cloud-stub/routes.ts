/**
 * THE table of the local cloud: every REST route and every MQTT rule (by topic suffix) with its handler.
 * Other components add theirs through `createCloudApp({ extraRoutes, extraRules })`.
 */
import type { RestRoute } from "./handlers/rest/route";
import type { MqttRule } from "./handlers/mqtt/rule";
import { ApiVersionsRoute } from "./handlers/rest/api-versions";
import { MqttHostRoute } from "./handlers/rest/mqtt-host";
import { LoginRoute } from "./handlers/rest/login";
import { LogoutRoute } from "./handlers/rest/logout";
import { SignupRoute } from "./handlers/rest/signup";
import { UserRoute } from "./handlers/rest/user";
import { ForgotPasswordRoute } from "./handlers/rest/forgot-password";
import { DeleteUserRoute } from "./handlers/rest/user-delete";
import { NodesListRoute } from "./handlers/rest/nodes-list";
import { NodesUpdateRoute } from "./handlers/rest/node-attributes-put";
import { NodesDeleteAttributesRoute } from "./handlers/rest/node-attributes-delete";
import { NodeConfigRoute } from "./handlers/rest/node-config";
import { NodeStatusRoute } from "./handlers/rest/node-status";
import { ParamsGetRoute } from "./handlers/rest/params-get";
import { ParamsSetRoute } from "./handlers/rest/params-set";
import { MappingPutRoute } from "./handlers/rest/mapping-put";
import { MappingGetRoute } from "./handlers/rest/mapping-get";
import { MappingInitiateRoute } from "./handlers/rest/mapping-initiate";
import { MappingVerifyRoute } from "./handlers/rest/mapping-verify";
import { OtaImageUploadRoute } from "./handlers/rest/ota-image-upload";
import { OtaImageDownloadRoute } from "./handlers/rest/ota-image-download";
import { OtaJobCreateRoute } from "./handlers/rest/ota-job-create";
import { OtaJobGetRoute } from "./handlers/rest/ota-job-get";
import { DashboardPageRoute, DashboardAssetRoute } from "./handlers/rest/dashboard-static";
import { DashboardAddDeviceRoute } from "./handlers/rest/dashboard-add-device";
import { ConfigRule } from "./handlers/mqtt/config";
import { ParamsLocalInitRule } from "./handlers/mqtt/params-local-init";
import { ParamsLocalRule } from "./handlers/mqtt/params-local";
import { UserMappingRule } from "./handlers/mqtt/user-mapping";
import { OtaStatusRule } from "./handlers/mqtt/otastatus";
import { OtaFetchRule } from "./handlers/mqtt/otafetch";
import { AlertRule } from "./handlers/mqtt/alert";
import { TsDataRule } from "./handlers/mqtt/tsdata";
import { SimpleTsDataRule } from "./handlers/mqtt/simple-tsdata";

export const RestRoutes: readonly RestRoute[] = Object.freeze([
  ApiVersionsRoute,
  MqttHostRoute,
  LoginRoute,
  LogoutRoute,
  SignupRoute,
  UserRoute,
  ForgotPasswordRoute,
  DeleteUserRoute,
  NodesListRoute,
  NodesUpdateRoute,
  NodesDeleteAttributesRoute,
  NodeConfigRoute,
  NodeStatusRoute,
  ParamsGetRoute,
  ParamsSetRoute,
  MappingPutRoute,
  MappingGetRoute,
  MappingInitiateRoute,
  MappingVerifyRoute,
  OtaImageUploadRoute,
  OtaImageDownloadRoute,
  OtaJobCreateRoute,
  OtaJobGetRoute,
  DashboardPageRoute,
  DashboardAssetRoute,
  DashboardAddDeviceRoute,
]);

export const MqttRules: readonly MqttRule[] = Object.freeze([
  ConfigRule,
  ParamsLocalInitRule,
  ParamsLocalRule,
  UserMappingRule,
  OtaStatusRule,
  OtaFetchRule,
  AlertRule,
  TsDataRule,
  SimpleTsDataRule,
]);
