/**
 * Batch inference on each cloud's own batch engine (Bedrock batch inference, Vertex AI batch prediction, Azure OpenAI
 * Batch): submit many chat or embedding requests as one job, wait for it, and stream the results back by custom id.
 * Reached through {@code CloudAi.batches()}.
 */
package dev.cloudai.batch;
