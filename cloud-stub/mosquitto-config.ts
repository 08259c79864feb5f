/**
 * Configuration for running Mosquitto as the external broker of the local cloud: mTLS with the dev
 * CA, the certificate CN as user name and client id (so client id == node id [spec 3.1]), and a
 * pattern ACL giving each node only its own topics [spec 3.2]. The stub's service client gets all.
 */
export interface MosquittoFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
  aclFile: string;
  /** Optional CRL of revoked node certificates (read by Mosquitto at start). */
  crlFile?: string;
}

export interface MosquittoListener {
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Account Mosquitto keeps when started as root (it otherwise drops to `mosquitto`, which cannot
   * read a private data dir). Pass the owner of the data dir.
   */
  runAsUser?: string;
}

export function mosquittoConf(listener: MosquittoListener, files: MosquittoFiles): string {
  return [
    ...(listener.runAsUser ? [`user ${listener.runAsUser}`] : []),
    "per_listener_settings false",
    "allow_anonymous false",
    "persistence false",
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    `listener ${listener.port} ${listener.host ?? "127.0.0.1"}`,
    `cafile ${files.caFile}`,
    `certfile ${files.certFile}`,
    `keyfile ${files.keyFile}`,
    "tls_version tlsv1.2",
    "require_certificate true",
    "use_identity_as_username true",
    "use_username_as_clientid true",
    ...(files.crlFile ? [`crlfile ${files.crlFile}`] : []),
    `acl_file ${files.aclFile}`,
    "",
  ].join("\n");
}

/** `%u` is the certificate CN (= node id). Write-only publish topics, read-only subscriptions. */
export function mosquittoAcl(serviceUser: string): string {
  return [
    `user ${serviceUser}`,
    "topic readwrite node/#",
    "topic readwrite $aws/rules/#",
    "topic read $SYS/#",
    "",
    "pattern write node/%u/#",
    "pattern write $aws/rules/+/node/%u/#",
    "pattern read node/%u/#",
    "",
  ].join("\n");
}
