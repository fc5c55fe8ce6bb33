/**
 * Azure OpenAI behind the neutral {@code ChatModel} and {@code EmbeddingModel}, through azure-ai-openai. Not API:
 * users reach these through {@code CloudAi}; the types are public only for the adapter's own packages.
 */
package dev.cloudai.azure.invocation;
