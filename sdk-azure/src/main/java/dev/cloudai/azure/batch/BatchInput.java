package dev.cloudai.azure.batch;

import dev.cloudai.azure.http.Json;
import dev.cloudai.azure.invocation.ChatMapping;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.invocation.ChatRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an Azure OpenAI batch job takes, and its input lines. The line format is Microsoft's ("Preparing your batch
 * file", https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch):
 *
 * <pre>
 * {"custom_id":"task-0","method":"POST","url":"/chat/completions","body":{"model":"my-batch-deployment","messages":[...]}}
 * </pre>
 *
 * {@code url} is {@code /chat/completions} (not OpenAI's {@code /v1/chat/completions}) at the batch API version
 * {@value AzureBatches#API_VERSION}, and {@code model} is the Global Batch (or Data Zone Batch) deployment's name.
 * The body is what a chat call sends, written by the same mapping ({@link ChatMapping#requestBody}): tools and tool
 * choice, {@code response_format} json_object or json_schema, images as data URLs, and its checks.
 *
 * <p>Limits, from Microsoft's "Batch limits" table
 * (https://learn.microsoft.com/azure/ai-foundry/openai/quotas-limits#batch-limits): 100,000 requests per file and an
 * input file of 200 MB, counted here as 200,000,000 bytes so that a file the SDK lets through is never over however
 * the service counts a megabyte. Embeddings are not run in batch ("Can I use the batch API for embeddings models?
 * This is currently not supported.", the same page's FAQ), nor are image, audio or realtime models. Whether the
 * deployment is of a batch type the SDK cannot see (the data plane does not say); a standard deployment's requests
 * fail with {@code invalid_request} ("the Azure OpenAI deployment SKU is globalbatch for batch API requests").
 *
 * <pre>{@code
 * String line = BatchInput.line("azure", BatchKind.CHAT, "gpt-4o-batch", BatchItem.chat("t-1", ChatRequest.ofUser("Hi")));
 * }</pre>
 */
final class BatchInput {
    static final String URL = "/chat/completions";
    static final long MAX_REQUESTS = 100_000;
    static final long MAX_INPUT_BYTES = 200_000_000L;
    static final String DOCS = "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/batch";
    static final String NO_EMBEDDINGS = "Azure OpenAI Batch does not run embedding models (Microsoft's batch FAQ: \"Can"
            + " I use the batch API for embeddings models? This is currently not supported.\"); embed with"
            + " ai.embeddingModel(...), or run the job on provider aws or gcp";
    /** Model families that Azure OpenAI Batch does not run, by the words their deployments are usually named with. */
    private static final List<String[]> NOT_BATCH = List.of(
            new String[] {"embedding", "an embedding model"},
            new String[] {"ada-002", "an embedding model"},
            new String[] {"dall-e", "an image model"},
            new String[] {"gpt-image", "an image model"},
            new String[] {"sora", "a video model"},
            new String[] {"whisper", "a speech-to-text model"},
            new String[] {"transcribe", "a speech-to-text model"},
            new String[] {"tts", "a text-to-speech model"},
            new String[] {"realtime", "a realtime audio model"},
            new String[] {"audio", "an audio model"});

    private BatchInput() {
    }

    static BatchLimits limits(BatchKind kind, String deployment) {
        return new BatchLimits(1, MAX_REQUESTS, MAX_INPUT_BYTES,
                kind == BatchKind.EMBEDDINGS ? Optional.of(NO_EMBEDDINGS) : notBatchModel(deployment));
    }

    /**
     * The item's line, without the line break.
     *
     * @throws UnsupportedOperationException for an embedding item, or a chat request that needs a newer API version
     *                                       than the batch API's (reasoning effort)
     */
    static String line(String providerId, BatchKind kind, String deployment, BatchItem item) {
        if (kind == BatchKind.EMBEDDINGS || item instanceof BatchItem.Embedding) {
            throw new UnsupportedOperationException(NO_EMBEDDINGS);
        }
        ChatRequest request = ((BatchItem.Chat) item).request();
        String needs = ChatMapping.apiVersion(request);
        if (needs.compareTo(AzureBatches.API_VERSION) > 0) {
            throw new UnsupportedOperationException("reasoningEffort: Azure OpenAI takes reasoning_effort from API version "
                    + needs + ", and batch jobs run at the GA version " + AzureBatches.API_VERSION + "; leave reasoning"
                    + " effort and budget unset in batch items (item " + item.customId() + ")");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", deployment);
        body.putAll(ChatMapping.requestBody(providerId, "batch", request));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("custom_id", item.customId());
        line.put("method", "POST");
        line.put("url", URL);
        line.put("body", body);
        return Json.write(line);
    }

    private static Optional<String> notBatchModel(String deployment) {
        String name = deployment.toLowerCase(Locale.ROOT);
        for (String[] family : NOT_BATCH) {
            if (name.contains(family[0])) {
                return Optional.of("deployment '" + deployment + "' looks like " + family[1] + " by its name, and Azure"
                        + " OpenAI Batch runs chat models (gpt-4o, gpt-4o-mini, gpt-4.1, o3-mini, o4-mini, gpt-5 and"
                        + " the like) on a Global Batch or Data Zone Batch deployment; see " + DOCS);
            }
        }
        return Optional.empty();
    }
}
