/**
 * Chat and embeddings on Vertex AI: {@link dev.cloudai.gcp.invocation.VertexChatModel} (GenerateContent and
 * StreamGenerateContent) and {@link dev.cloudai.gcp.invocation.VertexEmbeddingModel} (Predict on text-embedding
 * models). Internal to the gcp adapter: users reach them through {@code CloudAi}.
 */
package dev.cloudai.gcp.invocation;
