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
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
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
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.ErrorMapper;
import io.grpc.Status;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Vertex AI batch prediction for Gemini (JobService {@code CreateBatchPredictionJob} and friends), with the input
 * and output in Cloud Storage under {@code cloudai.gcp.batch-bucket}.
 *
 * <p>Input line: {@code {"key": customId, "request": GenerateContentRequest}}, the request being exactly what a
 * live {@code chat} sends ({@link VertexChatModel#batchRequest}), printed with protobuf {@link JsonFormat}. Output
 * line: {@code {"key", "request", "response": GenerateContentResponse, "status": ""}}, a non-empty {@code status}
 * marking a failed line. The custom id travels as the line's top-level {@code key}: Vertex copies the input line's
 * fields other than the response into the output line, the same field the Gemini API's batch mode names for this
 * ("Batch prediction for Cloud Storage", cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-cloud-storage;
 * ai.google.dev/gemini-api/docs/batch-mode).
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
        if (kind == BatchKind.EMBEDDINGS) {
            return unsupported("embeddings in batch are not supported by this SDK on Vertex AI yet; use embed() with lists of texts");
        }
        String id = model.substring(model.lastIndexOf('/') + 1);
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
        if (!(item instanceof BatchItem.Chat chat) || kind != BatchKind.CHAT) {
            throw new UnsupportedOperationException("kind: " + kind + " items cannot run in Vertex AI batch through this SDK");
        }
        GenerateContentRequest request = chatModels.apply(model).batchRequest(chat.request());
        JsonObject line = new JsonObject();
        line.addProperty("key", chat.customId());
        line.add("request", JsonParser.parseString(print(request)));
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
        BatchPredictionJob job = BatchPredictionJob.newBuilder()
                .setDisplayName(submission.displayName())
                .setModel(location.publisherModel(submission.model()))
                .setInputConfig(BatchPredictionJob.InputConfig.newBuilder().setInstancesFormat("jsonl")
                        .setGcsSource(GcsSource.newBuilder().addUris("gs://" + bucket.bucket() + "/" + object)))
                .setOutputConfig(BatchPredictionJob.OutputConfig.newBuilder().setPredictionsFormat("jsonl")
                        .setGcsDestination(GcsDestination.newBuilder().setOutputUriPrefix(
                                "gs://" + bucket.bucket() + "/" + bucket.prefix() + submission.displayName() + "/output")))
                .build();
        return toJob(jobs.get().createBatchPredictionJob(location.parent(), job));
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
        VertexChatModel chat = chatModels.apply(model);
        List<Blob> files = new ArrayList<>();
        for (Blob b : storage.get().list(out.bucket(), Storage.BlobListOption.prefix(out.prefix())).iterateAll()) {
            String file = b.getName().substring(b.getName().lastIndexOf('/') + 1);
            if (file.startsWith("predictions") && file.endsWith(".jsonl")) files.add(b);
        }
        files.sort(Comparator.comparing(Blob::getName));
        List<BufferedReader> open = new ArrayList<>();
        Stream<BatchResult> results = oneAfterAnother(files, b -> {
            BufferedReader reader = new BufferedReader(Channels.newReader(storage.get().reader(b.getBlobId()), StandardCharsets.UTF_8));
            open.add(reader);
            return reader.lines().filter(l -> !l.isBlank()).map(l -> result(chat, l));
        });
        return results.onClose(() -> open.forEach(r -> {
            try {
                r.close();
            } catch (IOException ignored) {
                // the download is abandoned either way
            }
        }));
    }

    /** One output line as a result: the answer mapped like a live call's, or the line's status as a typed error. */
    BatchResult result(VertexChatModel chat, String line) {
        JsonObject json = JsonParser.parseString(line).getAsJsonObject();
        String key = json.has("key") ? json.get("key").getAsString() : "";
        GenerateContentRequest.Builder request = GenerateContentRequest.newBuilder();
        if (json.has("request")) merge(json.get("request").toString(), request);
        String status = json.has("status") && json.get("status").isJsonPrimitive() ? json.get("status").getAsString()
                : json.has("status") ? json.get("status").toString() : "";
        if (!status.isEmpty() || !json.has("response")) {
            return BatchResult.failed(key, error(status.isEmpty() ? "the line has no response" : status));
        }
        GenerateContentResponse.Builder response = GenerateContentResponse.newBuilder();
        merge(json.get("response").toString(), response);
        return BatchResult.of(key, chat.batchResponse(response.build(), request.build()));
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
                model.isEmpty() ? "unknown" : model, BatchKind.CHAT, status(job.getState()), counts,
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

    private static void merge(String json, com.google.protobuf.Message.Builder builder) {
        try {
            PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("batch output line: not a " + builder.getDescriptorForType().getName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The streams {@code open} makes of the sources, one after the other, each made when the one before is used
     * up. Not {@code flatMap}: iterating a flat-mapped stream, as the core does, buffers the whole inner stream,
     * here every result of an output file.
     */
    private static <T, R> Stream<R> oneAfterAnother(List<T> sources, java.util.function.Function<T, Stream<R>> open) {
        Iterator<T> remaining = sources.iterator();
        Iterator<R> all = new Iterator<>() {
            private Iterator<R> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && remaining.hasNext()) current = open.apply(remaining.next()).iterator();
                return current.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                return current.next();
            }
        };
        return StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(all, java.util.Spliterator.ORDERED), false);
    }

    /** Which value a {@link GcsLocation} came from, for its error message. */
    enum GcsLocationKey { CONFIG, OUTPUT }
}
