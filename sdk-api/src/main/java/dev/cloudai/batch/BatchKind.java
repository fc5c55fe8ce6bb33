package dev.cloudai.batch;

/**
 * What every item of a batch job asks for: a chat answer or an embedding. A job holds one kind, because each cloud
 * runs one model per job.
 *
 * <pre>{@code
 * BatchRequest.builder(BatchKind.EMBEDDINGS, "titan-embed").add(BatchItem.embedding("doc-1", "first text")).build();
 * }</pre>
 */
public enum BatchKind {
    /** Each item is a {@link dev.cloudai.invocation.ChatRequest}; each result a {@link dev.cloudai.invocation.ChatResponse}. */
    CHAT,
    /** Each item is one text; each result its {@link dev.cloudai.invocation.Embedding}. */
    EMBEDDINGS
}
