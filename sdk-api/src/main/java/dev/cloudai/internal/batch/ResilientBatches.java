package dev.cloudai.internal.batch;

import dev.cloudai.batch.BatchEstimate;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.Batches;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.internal.pipeline.CallInfo;
import dev.cloudai.internal.pipeline.CallPipeline;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.pricing.PriceTable;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Polling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The public {@link Batches} of one provider: the request staged here ({@link JsonlStaging}), every cloud operation
 * through the adapter's {@link BatchPlatform} behind the provider's call pipeline, under the operation names
 * {@code batch.submit}, {@code batch.get}, {@code batch.list}, {@code batch.cancel}, {@code batch.await},
 * {@code batch.results} and {@code batch.delete-files} (what a {@code CallListener} hears).
 *
 * <p>The rules, per operation:
 * <ul>
 *   <li>{@code estimate} and the checks of {@code submit} run before any request, outside the pipeline: a bad
 *       request (a repeated custom id, an item of the other kind, too few or too many items, a file too big, a model
 *       that cannot batch) fails with no request sent and no call reported.</li>
 *   <li>{@code submit} is one pipeline call that is <em>not retried</em>, as {@code deploy} is not: the adapter
 *       uploads the file and creates the job in one step, and a create that timed out or failed with a 5xx may have
 *       made the job anyway. Only Bedrock takes an idempotency token, so repeating the step blindly could start two
 *       paid jobs on the other clouds. Its failure is mapped and thrown once; {@link #list()} shows whether a job was
 *       made. The staged file is deleted when submit returns or throws.</li>
 *   <li>{@code get}, {@code list} and {@code cancel} are ordinary pipeline calls: mapped, and retried when
 *       retryable (cancelling twice is harmless on every cloud).</li>
 *   <li>{@code await} is one pipeline call that polls {@code get} with {@link Polling} every
 *       {@code cloudai.batch.poll-interval}, calling the progress consumer with each status read; a poll that fails
 *       retryably (throttled, 5xx) is tried again at the next interval, so hours of waiting do not end on one
 *       throttled read. Closing the client ends the wait at once.</li>
 *   <li>{@code results} reads the job once ({@code batch.get}) to refuse a job that is not finished, then opens the
 *       results as one streaming call ({@link CallPipeline#openStream}): opening is retried, reading is not, a
 *       failure while reading is a mapped {@link CloudAiException}, and closing the client ends the stream.</li>
 *   <li>{@code deleteFiles} reads the job ({@code batch.get}) to refuse one still running, then is an ordinary
 *       pipeline call, retried when retryable (the adapters delete idempotently).</li>
 * </ul>
 * Not API: may change without notice.
 *
 * <pre>{@code
 * Batches batches = new ResilientBatches(provider.batchPlatform(), pipeline, alias -> nativeId, Duration.ofSeconds(30),
 *         PriceTable::builtIn);
 * }</pre>
 */
public final class ResilientBatches implements Batches {
    private static final Logger LOG = LoggerFactory.getLogger(ResilientBatches.class);
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BatchPlatform raw;
    private final CallPipeline pipeline;
    private final Function<String, String> models;
    private final Duration pollInterval;
    private final Supplier<PriceTable> prices;
    private final Path stagingDirectory;   // null: java.io.tmpdir

    /**
     * @param models       the native model id of a model alias or native id on this provider (a
     *                     {@code ConfigurationException} for an alias it lacks)
     * @param pollInterval how often {@code await} reads the job
     * @param prices       the price table estimates are priced by, read when first needed
     */
    public ResilientBatches(BatchPlatform raw, CallPipeline pipeline, Function<String, String> models, Duration pollInterval,
                            Supplier<PriceTable> prices) {
        this(raw, pipeline, models, pollInterval, prices, null);
    }

    /** As the other constructor, staging in {@code stagingDirectory} instead of {@code java.io.tmpdir}. */
    public ResilientBatches(BatchPlatform raw, CallPipeline pipeline, Function<String, String> models, Duration pollInterval,
                            Supplier<PriceTable> prices, Path stagingDirectory) {
        this.stagingDirectory = stagingDirectory;
        this.raw = Objects.requireNonNull(raw, "raw");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.models = Objects.requireNonNull(models, "models");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.prices = Objects.requireNonNull(prices, "prices");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval: must be positive, was " + pollInterval);
        }
    }

    @Override
    public BatchEstimate estimate(BatchRequest request) {
        Objects.requireNonNull(request, "request");
        String model = model(request);
        BatchLimits limits = limits(request.kind(), model);
        JsonlStaging.Staged counted = JsonlStaging.count(raw, providerId(), request, model, limits, this::adapterFailure);
        return new BatchEstimate(counted.records(), counted.bytes(), counted.inputTokens(), true,
                cost(model, counted.inputTokens()), limits);
    }

    @Override
    public BatchJob submit(BatchRequest request) {
        Objects.requireNonNull(request, "request");
        pipeline.requireOpen();   // before staging what could not be sent
        String model = model(request);
        BatchLimits limits = limits(request.kind(), model);
        String name = request.displayName().orElseGet(ResilientBatches::defaultName);
        try (JsonlStaging.Staged staged = JsonlStaging.write(raw, providerId(), request, model, limits, this::adapterFailure,
                stagingDirectory)) {
            BatchSubmission submission = new BatchSubmission(request.kind(), model, name, staged.file(), staged.records(),
                    staged.bytes());
            return pipeline.callOnce(new CallInfo(0, "batch.submit", Optional.of(model), Optional.empty(), Optional.empty()),
                    () -> Objects.requireNonNull(raw.submit(submission), "the provider's submit returned no job"));
        }
    }

    @Override
    public Optional<BatchJob> get(String jobId) {
        requireId(jobId);
        return pipeline.call("batch.get", () -> Objects.requireNonNullElse(raw.get(jobId), Optional.<BatchJob>empty()));
    }

    @Override
    public List<BatchJob> list() {
        return pipeline.call("batch.list", () -> List.copyOf(Objects.requireNonNull(raw.list(), "the provider's list returned null")));
    }

    @Override
    public BatchJob cancel(String jobId) {
        requireId(jobId);
        return pipeline.call("batch.cancel", () -> Objects.requireNonNull(raw.cancel(jobId), "the provider's cancel returned no job"));
    }

    @Override
    public BatchJob await(String jobId, Duration timeout, Consumer<BatchJob> progress) {
        requireId(jobId);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(progress, "progress");
        if (timeout.isNegative()) throw new IllegalArgumentException("timeout: must not be negative, was " + timeout);
        String op = "batch.await";
        // The consumer's exception ends the wait: carried through Polling and the pipeline (which report the call as
        // cancelled by it; a CancellationException passes the pipeline unmapped), then rethrown as it was thrown.
        CancellationException[] stopped = new CancellationException[1];
        try {
            return pipeline.callOnce(op, () -> Polling.until(providerId(), op, timeout, pollInterval,
                    (operation, error) -> pollFailure(operation, error, stopped[0]),
                    () -> poll(jobId, op),
                    job -> {
                        try {
                            progress.accept(job);
                        } catch (RuntimeException e) {
                            stopped[0] = new CancellationException("await: the progress consumer threw " + e.getClass().getName());
                            stopped[0].initCause(e);
                            throw stopped[0];
                        }
                        return job.status().isTerminal();
                    },
                    job -> "job " + jobId + " is " + job.status() + ", " + job.counts().done() + " of "
                            + job.counts().total() + " items done"));
        } catch (CancellationException e) {
            if (e == stopped[0]) throw (RuntimeException) e.getCause();
            throw e;
        }
    }

    @Override
    public BatchResults results(String jobId) {
        requireId(jobId);
        BatchJob job = get(jobId).orElseThrow(() -> notFound("batch.results", jobId));
        if (!job.status().isTerminal()) {
            throw new IllegalStateException("results: batch job " + jobId + " is " + job.status() + ", not finished ("
                    + job.counts().done() + " of " + job.counts().total() + " items done); await(id, timeout) it first");
        }
        return BatchResults.of(pipeline.openStream(CallInfo.of("batch.results"), () -> raw.results(jobId))
                .map(r -> priced(r, job.model())));
    }

    @Override
    public long deleteFiles(String jobId) {
        requireId(jobId);
        BatchJob job = get(jobId).orElseThrow(() -> notFound("batch.delete-files", jobId));
        if (!job.status().isTerminal()) {
            throw new IllegalStateException("deleteFiles: batch job " + jobId + " is " + job.status() + ", not finished;"
                    + " the cloud still reads its input: cancel(id) or await(id, timeout) it first");
        }
        return pipeline.call("batch.delete-files", () -> raw.deleteFiles(jobId));
    }

    /**
     * A chat result with its cost at the batch price, from its usage, as a live answer has its on-demand cost: priced
     * as the job's model, else as the model that answered (an Azure job names a deployment, the answer the model).
     */
    private BatchResult priced(BatchResult result, String jobModel) {
        Optional<ChatResponse> chat = result.chat();
        if (chat.isEmpty() || chat.get().cost().isPresent() || chat.get().usage() == null) return result;
        ChatResponse answer = chat.get();
        Optional<CallCost> cost = itemCost(jobModel, answer.usage());
        if (cost.isEmpty() && answer.model() != null && !answer.model().equals(jobModel)) cost = itemCost(answer.model(), answer.usage());
        return cost.map(c -> BatchResult.of(result.customId(), answer.toBuilder().cost(c).build())).orElse(result);
    }

    private Optional<CallCost> itemCost(String model, TokenUsage usage) {
        try {
            return BatchPrices.cost(prices.get(), providerId(), model, usage);
        } catch (RuntimeException e) {
            LOG.warn("Pricing a batch result of {} on {} failed; its cost is unknown", model, providerId(), e);
            return Optional.empty();
        }
    }

    /** One status read of {@code await}: raw, as {@link Polling} retries and maps it. */
    private BatchJob poll(String jobId, String op) {
        if (pipeline.isClosed()) throw new IllegalStateException(op + ": the client was closed");
        Optional<BatchJob> job = raw.get(jobId);
        if (job == null || job.isEmpty()) throw notFound(op, jobId);
        return job.get();
    }

    /**
     * What a failed poll is, for {@link Polling}: mapped by the pipeline; the caller's progress consumer failing, or
     * the client closing, ends the wait at once with that exception rather than a cloud error.
     */
    private CloudAiException pollFailure(String operation, Throwable error, CancellationException stopped) {
        if (error == stopped) throw stopped;
        RuntimeException mapped = pipeline.map(operation, error);
        if (mapped instanceof CloudAiException c && !pipeline.isClosed()) return c;
        throw mapped;
    }

    private Optional<CallCost> cost(String model, long inputTokens) {
        try {
            return BatchPrices.inputCost(prices.get(), providerId(), model, inputTokens);
        } catch (RuntimeException e) {
            // an estimate never fails on its price: the cost is then unknown, as a call's is
            LOG.warn("Pricing a batch of {} on {} failed; its cost is unknown", model, providerId(), e);
            return Optional.empty();
        }
    }

    /** The native model of the request, from an alias or as given; a deployed endpoint cannot run a batch job. */
    private String model(BatchRequest request) {
        String model = Objects.requireNonNull(models.apply(request.model()), "models");
        if (model.startsWith("endpoint:")) {
            throw new UnsupportedOperationException("batch: '" + request.model() + "' names a deployed endpoint (" + model
                    + "), which provider '" + providerId() + "' cannot run as a batch job; use a managed model id or alias,"
                    + " or send the items to the endpoint one by one with chatModel(...).chatAsync");
        }
        return model;
    }

    /** The adapter's limits; a model that cannot batch fails here, before anything is staged. */
    private BatchLimits limits(BatchKind kind, String model) {
        BatchLimits limits;
        try {
            limits = Objects.requireNonNull(raw.limits(kind, model), "the provider's limits returned null");
        } catch (RuntimeException e) {
            throw adapterFailure(e);
        }
        if (limits.unsupported().isPresent()) {
            throw new UnsupportedOperationException("batch: model '" + model + "' cannot run " + kind + " batch jobs on"
                    + " provider '" + providerId() + "': " + limits.unsupported().get() + " (or send the items one by one"
                    + " with chatModel(...).chatAsync or embeddingModel(...).embedAsync)");
        }
        return limits;
    }

    /** What an adapter threw outside a cloud call (limits, inputLine): its own mistakes' JDK exceptions pass. */
    private RuntimeException adapterFailure(RuntimeException e) {
        return pipeline.map("batch.stage", e);
    }

    private NotFoundException notFound(String op, String jobId) {
        return new NotFoundException(ErrorInfo.builder(providerId(), op).build(), "no batch job '" + jobId + "' on provider '"
                + providerId() + "'; list() shows the jobs it has", null);
    }

    private String providerId() {
        return pipeline.providerId();
    }

    /** {@code cloudai-20261202-145326-3fa9c1}: letters, digits and '-', unique enough to tell two jobs apart. */
    static String defaultName() {
        return "cloudai-" + LocalDateTime.now(ZoneOffset.UTC).format(NAME_TIME) + "-"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    private static void requireId(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("jobId: must not be blank; use the id() of a BatchJob from submit, get or list");
        }
    }
}
