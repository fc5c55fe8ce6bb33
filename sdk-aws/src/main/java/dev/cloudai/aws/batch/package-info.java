/**
 * Amazon Bedrock batch inference: the JSONL lines of a job (each a model's own InvokeModel body), their upload to
 * and download from S3, the job's create, get, list and stop through Bedrock's control plane, its states and limits.
 * Internal to the adapter; users reach it through {@code CloudAi.batches()}.
 */
package dev.cloudai.aws.batch;
