/** Vertex AI batch prediction for Gemini behind the neutral {@code BatchPlatform}: {@link dev.cloudai.gcp.batch.VertexBatches}. */
package dev.cloudai.gcp.batch;
