/**
 * Model invocation: chat (blocking, async, streaming) and embeddings. Start with {@link dev.cloudai.invocation.ChatModel}.
 */
package dev.cloudai.invocation;
