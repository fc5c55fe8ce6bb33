/**
 * Azure OpenAI Batch behind the neutral batch SPI: the JSONL lines, the files and batches operations of
 * azure-ai-openai, the job states and the result lines. Not API: users reach it through {@code CloudAi.batches()}.
 */
package dev.cloudai.azure.batch;
