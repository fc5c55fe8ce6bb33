package dev.cloudai.aws.batch;

import dev.cloudai.aws.invocation.InvokeModelBodies;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;

import java.util.Locale;
import java.util.Optional;

/**
 * What one Bedrock batch job may hold, and which models this adapter runs in batch. The numbers are Bedrock's
 * default quotas ("Amazon Bedrock endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/bedrock.html,
 * and the batch quotas listed in the user guide's https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-data.html):
 * <ul>
 *   <li>Minimum number of records per batch inference job: {@value #MIN_RECORDS}.</li>
 *   <li>Records per batch inference job, and records per input file: {@value #MAX_RECORDS} by default (an account
 *       can have it raised, and some models have other values; a job over the account's quota fails validation).</li>
 *   <li>Batch inference input file size: 1 GB ({@value #MAX_INPUT_BYTES} bytes); the job size of 5 GB, the sum of
 *       all input files, does not bind here, since the SDK writes one file per job.</li>
 * </ul>
 * The models: Bedrock runs a batch line on the model's own InvokeModel body, and this adapter writes that body for
 * Anthropic Claude (Claude 3 and later: Claude 2 and Claude Instant are not among Bedrock's batch models,
 * https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference-supported.html), for Amazon Nova Micro, Lite,
 * Pro and Premier, and for Titan Text Embeddings v2. Any other model gets a reason and an alternative instead of
 * limits.
 *
 * <pre>{@code
 * BatchModels.limits(BatchKind.CHAT, "anthropic.claude-3-haiku-20240307-v1:0");   // 100 to 50,000 records, 1 GB
 * BatchModels.limits(BatchKind.CHAT, "us.amazon.nova-lite-v1:0").unsupported();     // Optional.empty()
 * BatchModels.limits(BatchKind.CHAT, "meta.llama3-8b-instruct-v1:0").unsupported();   // Optional[why and what instead]
 * }</pre>
 */
final class BatchModels {
    static final long MIN_RECORDS = 100;
    static final long MAX_RECORDS = 50_000;
    static final long MAX_INPUT_BYTES = 1_000_000_000L;

    private BatchModels() {
    }

    static BatchLimits limits(BatchKind kind, String model) {
        return new BatchLimits(MIN_RECORDS, MAX_RECORDS, MAX_INPUT_BYTES, unsupported(kind, model));
    }

    /** Why {@code model} cannot run a batch of {@code kind} here, or empty when it can. */
    static Optional<String> unsupported(BatchKind kind, String model) {
        String id = model.toLowerCase(Locale.ROOT);
        if (kind == BatchKind.CHAT) {
            if (!InvokeModelBodies.writesChat(model)) {
                return Optional.of("Bedrock batch inference of chat on model " + model + " is not supported by provider"
                        + " aws: a batch line carries the model's own InvokeModel body, which this adapter writes for"
                        + " Anthropic Claude and Amazon Nova models only; use a Claude model"
                        + " (anthropic.claude-3-haiku-20240307-v1:0, or an inference profile such as"
                        + " us.anthropic.claude-3-5-haiku-20241022-v1:0) or a Nova model (amazon.nova-micro-v1:0,"
                        + " amazon.nova-lite-v1:0, amazon.nova-pro-v1:0, amazon.nova-premier-v1:0, or a profile such as"
                        + " us.amazon.nova-lite-v1:0), or chat on demand with ai.chatModel(\"" + model + "\")");
            }
            if (id.contains("claude-v2") || id.contains("claude-instant")) {
                return Optional.of("Bedrock batch inference does not run model " + model + " (Claude 2 and Claude"
                        + " Instant are not among its batch models); use Claude 3 or later, or chat on demand");
            }
            return Optional.empty();
        }
        if (!InvokeModelBodies.writesEmbedding(model)) {
            return Optional.of("Bedrock batch inference of embeddings on model " + model + " is not supported by"
                    + " provider aws: this adapter writes the batch body of Titan Text Embeddings v2 only (Cohere Embed"
                    + " is not among Bedrock's batch models); use amazon.titan-embed-text-v2:0, or embed on demand with"
                    + " ai.embeddingModel(\"" + model + "\")");
        }
        return Optional.empty();
    }

    /** The kind of a job on {@code model}, for jobs read back: embeddings on an embedding model, else chat. */
    static BatchKind kindOf(String model) {
        return InvokeModelBodies.writesEmbedding(model) || model.toLowerCase(Locale.ROOT).contains("embed")
                ? BatchKind.EMBEDDINGS : BatchKind.CHAT;
    }
}
