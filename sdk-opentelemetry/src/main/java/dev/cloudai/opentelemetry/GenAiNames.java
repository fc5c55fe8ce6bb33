package dev.cloudai.opentelemetry;

import dev.cloudai.invocation.FinishReason;

import java.util.Locale;
import java.util.Optional;

/**
 * How the SDK's provider ids, operations and finish reasons are named in the GenAI semantic conventions
 * (v1.41.1, {@code docs/gen-ai/gen-ai-spans.md}); the README's table lists the same mapping.
 *
 * <pre>{@code
 * GenAiNames.provider("aws", "chat", Optional.of("anthropic.claude-3-haiku-20240307-v1:0"))   // aws.bedrock
 * GenAiNames.operation("stream")                                                                // chat
 * }</pre>
 */
final class GenAiNames {
    /** What starts a model alias that names a deployed endpoint ({@code endpoint:my-llama;protocol=openai-chat}). */
    static final String ENDPOINT_MODEL_PREFIX = "endpoint:";
    /** Our value for SageMaker endpoints: the conventions name none. */
    static final String AWS_SAGEMAKER = "aws.sagemaker";
    /** Our value for Azure Machine Learning online endpoints: the conventions name none. */
    static final String AZURE_ML = "azure.ml";

    private GenAiNames() {
    }

    /**
     * {@code gen_ai.provider.name}: the conventions' well-known value for a managed model, our own for a deployed
     * endpoint (the operations on endpoints, and chat or embeddings on an {@code endpoint:} model), and the
     * provider id itself for a provider that is not one of the three clouds.
     */
    static String provider(String providerId, String operation, Optional<String> model) {
        boolean endpoint = isEndpointOperation(operation) || model.filter(m -> m.startsWith(ENDPOINT_MODEL_PREFIX)).isPresent();
        return switch (providerId) {
            case "aws" -> endpoint ? AWS_SAGEMAKER : "aws.bedrock";
            // Vertex AI endpoints are served by aiplatform.googleapis.com too, which the conventions name gcp.vertex_ai
            case "gcp" -> "gcp.vertex_ai";
            case "azure" -> endpoint ? AZURE_ML : "azure.ai.openai";
            default -> providerId;
        };
    }

    /**
     * {@code gen_ai.operation.name}: {@code chat} for chat and streams (a stream also gets
     * {@code gen_ai.request.stream}), {@code embeddings}, and {@code endpoint_<operation>} for the operations on
     * deployed endpoints ({@code endpoint_deploy}, {@code endpoint_invoke}, ...) and {@code batch_<operation>} for
     * those on batch jobs ({@code batch_submit}, {@code batch_await}, ...), for which the conventions have no name.
     */
    static String operation(String operation) {
        return switch (operation) {
            case "chat", "stream" -> "chat";
            case "embed" -> "embeddings";
            default -> isBatchOperation(operation) ? operation.replace('.', '_') : "endpoint_" + operation;
        };
    }

    /** Endpoint operations run on SageMaker or Azure ML; batch jobs run on the model services (Bedrock, Azure OpenAI). */
    static boolean isEndpointOperation(String operation) {
        return !operation.equals("chat") && !operation.equals("stream") && !operation.equals("embed") && !isBatchOperation(operation);
    }

    private static boolean isBatchOperation(String operation) {
        return operation.startsWith("batch.");
    }

    /**
     * A finish reason as the conventions' output-message schema names it ({@code stop}, {@code length},
     * {@code content_filter}, {@code tool_call}); one they do not have in lower case.
     */
    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, STOP_SEQUENCE -> "stop";
            case MAX_TOKENS -> "length";
            case CONTENT_FILTERED -> "content_filter";
            case TOOL_USE -> "tool_call";
            case OTHER -> reason.name().toLowerCase(Locale.ROOT);
        };
    }
}
