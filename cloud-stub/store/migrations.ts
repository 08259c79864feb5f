/**
 * SQLite schema, versioned: migration i brings `PRAGMA user_version` from i to i+1.
 * Append new migrations; never edit a shipped one. JSON columns hold JSON text.
 */
export const Migrations: readonly string[] = Object.freeze([
  `
  CREATE TABLE users (
    user_id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL,
    confirmed INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    refresh_token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE nodes (
    node_id TEXT PRIMARY KEY,
    config_json TEXT,
    config_version TEXT,
    params_json TEXT NOT NULL,
    connected INTEGER NOT NULL,
    connectivity_at INTEGER NOT NULL,
    fw_version TEXT,
    type TEXT,
    model TEXT,
    tags_json TEXT NOT NULL,
    metadata_json TEXT NOT NULL,
    certificate_pem TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE user_nodes (
    user_id TEXT NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
    node_id TEXT NOT NULL REFERENCES nodes(node_id) ON DELETE CASCADE,
    is_primary INTEGER NOT NULL,
    mapped_at_s INTEGER NOT NULL,
    PRIMARY KEY (user_id, node_id)
  );
  CREATE INDEX user_nodes_node ON user_nodes(node_id);
  CREATE TABLE mapping_requests (
    request_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    node_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('secret', 'challenge')),
    secret_key TEXT,
    challenge TEXT,
    status TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'timedout', 'discarded')),
    tags_json TEXT NOT NULL,
    metadata_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX mapping_requests_node ON mapping_requests(node_id, status);
  CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  CREATE TABLE ota_images (
    image_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    file_path TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE ota_jobs (
    job_id TEXT PRIMARY KEY,
    image_id TEXT NOT NULL REFERENCES ota_images(image_id),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE ota_job_nodes (
    job_id TEXT NOT NULL REFERENCES ota_jobs(job_id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    status TEXT NOT NULL,
    info TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, node_id)
  );
  CREATE INDEX ota_job_nodes_node ON ota_job_nodes(node_id, status);
  CREATE TABLE node_records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    node_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    data_json TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX node_records_node ON node_records(node_id, kind, seq);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
]);
