/**
 * Model invocation: chat (blocking, async, streaming) and embeddings. Start with {@link dev.cloudai.invocation.ChatModel}.
 * Chat takes tools ({@link dev.cloudai.invocation.ToolSpec}, run in a loop by {@link dev.cloudai.invocation.ToolLoop}),
 * images and documents ({@link dev.cloudai.invocation.ContentPart}), JSON output
 * ({@link dev.cloudai.invocation.ResponseFormat}, with records through {@link dev.cloudai.invocation.JsonRecords}) and
 * reasoning settings, on every cloud.
 */
package dev.cloudai.invocation;
