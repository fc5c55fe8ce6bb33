package dev.cloudai.gcp.batch;

import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.aiplatform.v1.BatchPredictionJob;
import com.google.cloud.aiplatform.v1.GcsDestination;
import com.google.cloud.aiplatform.v1.GcsSource;
import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.cloud.aiplatform.v1.GenerateContentResponse;
import com.google.cloud.aiplatform.v1.JobServiceClient;
import com.google.cloud.aiplatform.v1.JobState;
import com.google.cloud.aiplatform.v1.ListBatchPredictionJobsRequest;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.gcp.internal.VertexLocation;
import dev.cloudai.gcp.invocation.VertexChatModel;
import dev.cloudai.gcp.invocation.VertexEmbeddingModel;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.StreamChain;
import io.grpc.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Vertex AI batch prediction for Gemini chat and for text embeddings (JobService {@code CreateBatchPredictionJob}
 * and friends), with the input and output in Cloud Storage under {@code cloudai.gcp.batch-bucket}.
 *
 * <p>Input line: {@code {"key": customId, "request": GenerateContentRequest}}, the request being exactly what a
 * live {@code chat} sends ({@link VertexChatModel#batchRequest}), printed with protobuf {@link JsonFormat}. Output
 * line: {@code {"key", "request", "response": GenerateContentResponse, "status": ""}}, a non-empty {@code status}
 * marking a failed line. The custom id travels as the line's top-level {@code key}: Vertex copies the input line's
 * fields other than the response into the output line, the same field the Gemini API's batch mode names for this
 * ("Batch prediction for Cloud Storage", cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage;
 * ai.google.dev/gemini-api/docs/batch-mode). Those pages do not promise the copy for Vertex, so a line that comes
 * back without its key is matched by its echoed {@code request} to the input line with the same one
 * ({@link RequestKeys}).
 *
 * <p>Embeddings ("Get batch text embeddings predictions", cloud.google.com/vertex-ai/generative-ai/docs/embeddings/batch-prediction-genai-embeddings):
 * input line {@code {"key": customId, "content": text}}, the job's {@code instanceConfig.keyField} naming {@code key}
 * so that the model gets only the content and each output line carries the key instead of the whole instance:
 * {@code {"key", "predictions": [{"embeddings": {"values", "statistics"}}], "status": ""}} (BatchPredictionJob
 * InstanceConfig, "key_field"). A line that comes back with the instance instead is read by its {@code instance.key}.
 *
 * <pre>{@code
 * BatchPlatform batches = provider.batchPlatform();   // provider "gcp" with cloudai.gcp.batch-bucket=gs://my-bucket/batches
 * String line = batches.inputLine(BatchKind.CHAT, "gemini-2.5-flash", BatchItem.chat("q1", ChatRequest.of("Hi")));
 * }</pre>
 */
public final class VertexBatches implements BatchPlatform {
    /**
     * "A batch request for Gemini can include up to 200,000 requests" and "the input file size limit is 1 GB" for
     * Cloud Storage input (Vertex AI quotas and limits, Batch inference: cloud.google.com/vertex-ai/generative-ai/docs/quotas).
     */
    static final long MAX_RECORDS = 200_000;
    static final long MAX_INPUT_BYTES = 1L << 30;
    /** Gemini models run in batch; the 1.0 ones and the live/image-only variants do not (batch-prediction-gemini, supported models). */
    private static final Pattern BATCH_MODEL = Pattern.compile("gemini-(?!1\\.0)[^/]*");
    private static final Pattern NO_BATCH = Pattern.compile("(?i)live|native-audio|tts");
    /**
     * "Each batch request can include up to 30,000 prompts" for text embeddings, and "all stable versions of text
     * embedding models support batch predictions with the exception of Gemini embeddings (gemini-embedding-001)"
     * (Get batch text embeddings predictions).
     */
    static final long MAX_EMBEDDING_RECORDS = 30_000;
    private static final Pattern EMBEDDING_MODEL = Pattern.compile("(text-embedding|text-multilingual-embedding|textembedding-gecko)[^/]*");
    /** The input line's field that carries the custom id, named as the job's {@code instanceConfig.keyField}. */
    static final String KEY = "key";
    private static final Pattern GRPC_CODE = Pattern.compile("\"code\"\\s*:\\s*(\\d+)");
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final String providerId;
    private final VertexLocation location;
    private final Supplier<JobServiceClient> jobs;
    private final Supplier<Storage> storage;
    private final GcsLocation bucket;
    private final ErrorMapper mapper;
    private final java.util.function.Function<String, VertexChatModel> chatModels;

    /**
     * @param bucket     {@code cloudai.gcp.batch-bucket}, checked by {@link GcsLocation#parse}
     * @param chatModels the adapter's chat model for a model id: its wire mapping builds and reads the lines
     */
    public VertexBatches(String providerId, VertexLocation location, Supplier<JobServiceClient> jobs, Supplier<Storage> storage,
                         GcsLocation bucket, ErrorMapper mapper, java.util.function.Function<String, VertexChatModel> chatModels) {
        this.providerId = providerId;
        this.location = location;
        this.jobs = jobs;
        this.storage = storage;
        this.bucket = bucket;
        this.mapper = mapper;
        this.chatModels = chatModels;
    }

    @Override
    public BatchLimits limits(BatchKind kind, String model) {
        String id = model.substring(model.lastIndexOf('/') + 1);
        if (kind == BatchKind.EMBEDDINGS) {
            if (!EMBEDDING_MODEL.matcher(id).matches()) {
                return unsupported("model " + model + " cannot embed in Vertex AI batch prediction (gemini-embedding models"
                        + " do not run in batch); use a text embedding model such as text-embedding-005, or embed() on demand");
            }
            return new BatchLimits(1, MAX_EMBEDDING_RECORDS, MAX_INPUT_BYTES, Optional.empty());
        }
        if (!BATCH_MODEL.matcher(id).matches() || NO_BATCH.matcher(id).find()) {
            return unsupported("model " + model + " cannot run in Vertex AI batch prediction; use a Gemini model such as gemini-2.5-flash");
        }
        return new BatchLimits(1, MAX_RECORDS, MAX_INPUT_BYTES, Optional.empty());
    }

    private static BatchLimits unsupported(String reason) {
        return new BatchLimits(1, 1, 1, Optional.of(reason));
    }

    @Override
    public String inputLine(BatchKind kind, String model, BatchItem item) {
        JsonObject line = new JsonObject();
        if (item instanceof BatchItem.Chat chat && kind == BatchKind.CHAT) {
            GenerateContentRequest request = chatModels.apply(model).batchRequest(chat.request());
            line.addProperty(KEY, chat.customId());
            line.add("request", JsonParser.parseString(print(request)));
        } else if (item instanceof BatchItem.Embedding embedding && kind == BatchKind.EMBEDDINGS) {
            line.addProperty(KEY, embedding.customId());
            line.addProperty("content", embedding.text());
        } else {
            throw new IllegalArgumentException("item: " + item.customId() + " is not a " + kind + " item; a job holds items of one kind");
        }
        return line.toString();
    }

    @Override
    public BatchJob submit(BatchSubmission submission) {
        String object = bucket.prefix() + submission.displayName() + "/input.jsonl";
        BlobInfo blob = BlobInfo.newBuilder(BlobId.of(bucket.bucket(), object)).setContentType("application/jsonl").build();
        try {
            storage.get().createFrom(blob, submission.file());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the staged batch input " + submission.file(), e);
        }
        BatchPredictionJob.Builder job = BatchPredictionJob.newBuilder()
                .setDisplayName(submission.displayName())
                .setModel(location.publisherModel(submission.model()))
                .setInputConfig(BatchPredictionJob.InputConfig.newBuilder().setInstancesFormat("jsonl")
                        .setGcsSource(GcsSource.newBuilder().addUris("gs://" + bucket.bucket() + "/" + object)))
                .setOutputConfig(BatchPredictionJob.OutputConfig.newBuilder().setPredictionsFormat("jsonl")
                        .setGcsDestination(GcsDestination.newBuilder().setOutputUriPrefix(
                                "gs://" + bucket.bucket() + "/" + bucket.prefix() + submission.displayName() + "/output")));
        if (submission.kind() == BatchKind.EMBEDDINGS) {
            // the key stays out of what the model gets, and comes back on each output line in place of the instance
            job.setInstanceConfig(BatchPredictionJob.InstanceConfig.newBuilder().setKeyField(KEY));
        }
        return toJob(jobs.get().createBatchPredictionJob(location.parent(), job.build()));
    }

    @Override
    public Optional<BatchJob> get(String jobId) {
        try {
            return Optional.of(toJob(jobs.get().getBatchPredictionJob(name(jobId))));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<BatchJob> list() {
        List<BatchJob> all = new ArrayList<>();
        ListBatchPredictionJobsRequest request = ListBatchPredictionJobsRequest.newBuilder().setParent(location.parent()).build();
        for (BatchPredictionJob job : jobs.get().listBatchPredictionJobs(request).iterateAll()) all.add(toJob(job));
        all.sort(Comparator.comparing(BatchJob::createdAt).reversed());
        return all;
    }

    @Override
    public BatchJob cancel(String jobId) {
        String name = name(jobId);
        jobs.get().cancelBatchPredictionJob(name);
        return toJob(jobs.get().getBatchPredictionJob(name));
    }

    @Override
    public Stream<BatchResult> results(String jobId) {
        BatchPredictionJob job = jobs.get().getBatchPredictionJob(name(jobId));
        GcsLocation out = GcsLocation.parse(GcsLocationKey.OUTPUT, job.getOutputInfo().getGcsOutputDirectory());
        String model = job.getModel().substring(job.getModel().lastIndexOf('/') + 1);
        java.util.function.Function<String, BatchResult> reader = kindOf(model) == BatchKind.EMBEDDINGS
                ? this::embeddingResult : chatReader(chatModels.apply(model), new RequestKeys(() -> input(job)));
        List<Blob> files = new ArrayList<>();
        for (Blob b : outputObjects(out)) {
            String file = b.getName().substring(b.getName().lastIndexOf('/') + 1);
            if (file.startsWith("predictions") && file.endsWith(".jsonl")) files.add(b);
        }
        files.sort(Comparator.comparing(Blob::getName));
        com.google.cloud.aiplatform.v1.CompletionStats stats = job.getCompletionStats();
        if (files.isEmpty() && stats.getSuccessfulCount() + stats.getFailedCount() > 0) {
            // the job wrote results, which are gone: deleted (deleteFiles) or moved
            throw Status.NOT_FOUND.withDescription("the output files of batch job " + jobId + " are gone from "
                    + job.getOutputInfo().getGcsOutputDirectory() + "; deleteFiles may have deleted them").asRuntimeException();
        }
        return StreamChain.oneAfterAnother(files.stream().map(b -> (Supplier<Stream<BatchResult>>) () -> {
            BufferedReader lines = new BufferedReader(Channels.newReader(storage.get().reader(b.getBlobId()), StandardCharsets.UTF_8));
            return lines.lines().filter(l -> !l.isBlank()).map(reader).onClose(() -> {
                try {
                    lines.close();
                } catch (IOException ignored) {
                    // the download is abandoned either way
                }
            });
        }).iterator(), false);
    }

    /** Every object under the job's output directory. */
    private Iterable<Blob> outputObjects(GcsLocation out) {
        return storage.get().list(out.bucket(), Storage.BlobListOption.prefix(out.prefix())).iterateAll();
    }

    /**
     * Deletes the job's input objects and every object under its output directory, with the Cloud Storage client;
     * an object already gone ({@code delete} says false) is not counted. The job itself stays (Vertex keeps it).
     */
    @Override
    public long deleteFiles(String jobId) {
        BatchPredictionJob job = jobs.get().getBatchPredictionJob(name(jobId));
        long deleted = 0;
        for (String uri : job.getInputConfig().getGcsSource().getUrisList()) {
            if (storage.get().delete(blobId(uri))) deleted++;
        }
        String output = job.getOutputInfo().getGcsOutputDirectory();
        if (!output.isEmpty()) {
            for (Blob b : outputObjects(GcsLocation.parse(GcsLocationKey.OUTPUT, output))) {
                if (storage.get().delete(b.getBlobId())) deleted++;
            }
        }
        return deleted;
    }

    /** {@code gs://bucket/name} as the object's id. */
    private static BlobId blobId(String uri) {
        String path = uri.substring("gs://".length());
        return BlobId.of(path.substring(0, path.indexOf('/')), path.substring(path.indexOf('/') + 1));
    }

    private java.util.function.Function<String, BatchResult> chatReader(VertexChatModel chat, RequestKeys keys) {
        return line -> result(chat, keys, line);
    }

    /** The job's input file, for matching output lines that came back without their key ({@link RequestKeys}). */
    private BufferedReader input(BatchPredictionJob job) {
        BlobId object = blobId(job.getInputConfig().getGcsSource().getUris(0));
        return new BufferedReader(Channels.newReader(storage.get().reader(object), StandardCharsets.UTF_8));
    }

    /**
     * One output line as a result: the answer mapped like a live call's, or the line's status as a typed error,
     * under the line's key, or, for a line without one, the key of the input line with the same request.
     */
    BatchResult result(VertexChatModel chat, RequestKeys keys, String line) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        GenerateContentRequest request = json.has("request") ? RequestKeys.parse(json.get("request").toString())
                : GenerateContentRequest.getDefaultInstance();
        String key = key(json);
        if (key.isEmpty()) key = keys.claim(request);
        String status = status(json);
        if (!status.isEmpty() || !json.has("response")) {
            return BatchResult.failed(key, error(status.isEmpty() ? "the line has no response" : status));
        }
        GenerateContentResponse.Builder response = GenerateContentResponse.newBuilder();
        merge(json.get("response").toString(), response);
        return BatchResult.of(key, chat.batchResponse(response.build(), request));
    }

    /** One embedding output line as a result: the vector of its first prediction, or its status as a typed error. */
    BatchResult embeddingResult(String line) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        String key = key(json);
        String status = status(json);
        JsonElement predictions = json.get("predictions");
        if (!status.isEmpty() || predictions == null || !predictions.isJsonArray() || predictions.getAsJsonArray().isEmpty()) {
            return BatchResult.failed(key, error(status.isEmpty() ? "the line has no predictions" : status));
        }
        Value.Builder prediction = Value.newBuilder();
        merge(predictions.getAsJsonArray().get(0).toString(), prediction);
        return BatchResult.of(key, new Embedding(0, VertexEmbeddingModel.vector(prediction.build(), "batch line " + key)));
    }

    /** The custom id: the line's {@code key}, or, when Vertex echoed the whole instance instead, the instance's. */
    private static String key(JsonObject json) {
        JsonElement key = json.get(KEY);
        if (key == null && json.get("instance") instanceof JsonObject instance) key = instance.get(KEY);
        return key != null && key.isJsonPrimitive() ? key.getAsString() : "";
    }

    /** The line's {@code status}: empty for a line that succeeded, else the error as Vertex wrote it. */
    private static String status(JsonObject json) {
        JsonElement status = json.get("status");
        if (status == null || status.isJsonNull()) return "";
        return status.isJsonPrimitive() ? status.getAsString() : status.toString();
    }

    /** The kind of a job on {@code model}: embeddings on a text embedding model, else chat. */
    static BatchKind kindOf(String model) {
        return model.contains("embedding") ? BatchKind.EMBEDDINGS : BatchKind.CHAT;
    }

    /**
     * A failed line's status through the adapter's error classification: its gRPC code when the status carries one
     * ({@code "code": 3}), else INVALID_ARGUMENT, which is what a line fails with when it is refused as sent.
     */
    CloudAiException error(String status) {
        Matcher m = GRPC_CODE.matcher(status);
        Status.Code code = Status.Code.INVALID_ARGUMENT;
        if (m.find()) {
            int value = Integer.parseInt(m.group(1));
            code = value > 0 && value <= 16 ? Status.fromCodeValue(value).getCode() : fromHttp(value);
        }
        return mapper.map("batch", Status.fromCode(code).withDescription(status).asRuntimeException());
    }

    private static Status.Code fromHttp(int http) {
        return switch (http) {
            case 400 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            default -> Status.Code.INTERNAL;
        };
    }

    BatchJob toJob(BatchPredictionJob job) {
        com.google.cloud.aiplatform.v1.CompletionStats stats = job.getCompletionStats();
        long succeeded = stats.getSuccessfulCount();
        long failed = stats.getFailedCount();
        BatchCounts counts = new BatchCounts(succeeded + failed + stats.getIncompleteCount(), succeeded, failed);
        Optional<Instant> ended = job.hasEndTime() ? Optional.of(instant(job.getEndTime())) : Optional.empty();
        Optional<String> message = job.hasError() && !job.getError().getMessage().isEmpty()
                ? Optional.of(job.getError().getMessage()) : Optional.empty();
        String model = job.getModel().substring(job.getModel().lastIndexOf('/') + 1);
        return new BatchJob(job.getName().substring(job.getName().lastIndexOf('/') + 1), providerId,
                model.isEmpty() ? "unknown" : model, kindOf(model), status(job.getState()), counts,
                instant(job.getCreateTime()), ended, message);
    }

    /** Vertex's JobState as the neutral status; UNSPECIFIED and anything newer count as QUEUED (not yet started). */
    static BatchStatus status(JobState state) {
        return switch (state) {
            case JOB_STATE_RUNNING, JOB_STATE_UPDATING, JOB_STATE_PAUSED -> BatchStatus.RUNNING;
            case JOB_STATE_SUCCEEDED, JOB_STATE_PARTIALLY_SUCCEEDED -> BatchStatus.COMPLETED;
            case JOB_STATE_FAILED -> BatchStatus.FAILED;
            case JOB_STATE_CANCELLING -> BatchStatus.CANCELLING;
            case JOB_STATE_CANCELLED -> BatchStatus.CANCELLED;
            case JOB_STATE_EXPIRED -> BatchStatus.EXPIRED;
            default -> BatchStatus.QUEUED;
        };
    }

    private String name(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (jobId.startsWith("projects/")) return jobId;
        if (jobId.isBlank() || jobId.contains("/")) throw new IllegalArgumentException("jobId: '" + jobId + "' is not a batch prediction job id");
        return location.parent() + "/batchPredictionJobs/" + jobId;
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static String print(com.google.protobuf.MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("could not print " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads protobuf JSON into {@code builder}, unknown fields ignored (Vertex may add some). */
    static void merge(String json, com.google.protobuf.Message.Builder builder) {
        try {
            PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("batch output line: not a " + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
    }

    /** Which value a {@link GcsLocation} came from, for its error message. */
    enum GcsLocationKey { CONFIG, OUTPUT }
}
