/** OTA calls of the user CLI: upload an image, create a job, read its per-node status. */
import type { SessionClient } from "../cli/cloud-client/rest-client";

export interface UploadedImage {
  image_id: string;
  image_url: string;
  fw_version: string;
  size: number;
  project_name?: string;
}

export interface JobNodeState {
  node_id: string;
  status: string;
  info: string;
  progress: number;
}

export interface JobState {
  ota_job_id: string;
  fw_version: string;
  nodes: JobNodeState[];
}

/** Statuses after which a node's job is over [spec 7]. */
export const FinalOtaStatuses: readonly string[] = Object.freeze(["success", "failed", "rejected"]);

export async function uploadImage(client: SessionClient, name: string, bytes: Uint8Array): Promise<UploadedImage> {
  const res = await client.call("POST", "/v1/user/otaimage", { image_name: name, base64_fwimage: Buffer.from(bytes).toString("base64") });
  return res.body as UploadedImage;
}

export type JobTarget = { node_ids: string[] } | { type: string } | { model: string };

export async function createJob(client: SessionClient, imageId: string, target: JobTarget): Promise<{ ota_job_id: string; node_ids: string[] }> {
  const res = await client.call("POST", "/v1/user/otajobs", { image_id: imageId, ...target });
  return res.body as { ota_job_id: string; node_ids: string[] };
}

export async function getJob(client: SessionClient, jobId: string): Promise<JobState> {
  const res = await client.call("GET", `/v1/user/otajobs?ota_job_id=${encodeURIComponent(jobId)}`);
  return res.body as JobState;
}

export const jobDone = (job: JobState): boolean => job.nodes.every((n) => FinalOtaStatuses.includes(n.status));
