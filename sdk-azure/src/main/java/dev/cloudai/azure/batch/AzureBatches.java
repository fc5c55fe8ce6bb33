package dev.cloudai.azure.batch;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.models.Batch;
import com.azure.ai.openai.models.BatchCreateRequest;
import com.azure.ai.openai.models.FileDetails;
import com.azure.ai.openai.models.FilePurpose;
import com.azure.ai.openai.models.FileState;
import com.azure.ai.openai.models.OpenAIFile;
import com.azure.ai.openai.models.PageableList;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpPipeline;
import com.azure.core.util.BinaryData;
import dev.cloudai.azure.errors.AzureErrorMapper;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Polling;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Azure OpenAI Batch behind the neutral {@link BatchPlatform}, on the resource {@code cloudai.azure.endpoint} names,
 * with its key or Microsoft Entra ID: no key of its own. Through azure-ai-openai's files and batches operations
 * ({@code uploadFile}, {@code getFile}, {@code createBatch}, {@code getBatch}, {@code listBatches},
 * {@code cancelBatch}, {@code deleteFile}), each at the GA API version {@value #API_VERSION}, the first GA version
 * with them (the SDK's GA service versions stop at 2024-06-01, which has neither); only the result files are read
 * otherwise, as they arrive ({@link FileLines}).
 *
 * <p>{@link #submit} uploads the JSONL file (purpose {@code batch}, named {@code <displayName>.jsonl}), waits until
 * Azure has processed it (a batch cannot be created on a file still {@code pending}: Microsoft's guide waits for
 * {@code processed}, and openai/openai-dotnet#312 reports the create failing otherwise; polled every
 * {@code cloudai.deploy.poll-interval}, at most {@link #FILE_WAIT}), then creates the batch on {@code /chat/completions}
 * with the {@code 24h} completion window, the only one Azure takes, and the deployment and display name as
 * metadata (the batch object names no deployment). When anything after the upload fails, the uploaded file is
 * deleted: a resource holds at most 500 files.
 *
 * <p>The deployment must be of type Global Batch or Data Zone Batch; see {@link BatchInput} for what a job takes.
 *
 * <pre>{@code
 * BatchPlatform batches = new AzureBatches("azure", () -> batchClient, () -> batchPipeline, endpoint, mapper, Duration.ofSeconds(15));
 * }</pre>
 */
public final class AzureBatches implements BatchPlatform {
    /** The GA Azure OpenAI API version every batch and file request is sent at. */
    public static final String API_VERSION = "2024-10-21";
    /** The completion window Azure takes ("Currently the completion window must be set to 24h"). */
    static final String COMPLETION_WINDOW = "24h";
    /** The longest {@link #submit} waits for Azure to process an uploaded file. */
    static final Duration FILE_WAIT = Duration.ofMinutes(30);
    /** Batches asked for per page of {@link #list()}, the most the API returns. */
    static final int PAGE = 100;

    private final String providerId;
    private final Supplier<OpenAIClient> client;
    private final Supplier<HttpPipeline> pipeline;
    private final URI endpoint;
    private final AzureErrorMapper mapper;
    private final Duration pollInterval;

    /**
     * @param client       an OpenAI client whose requests are all sent at {@link #API_VERSION}
     * @param pipeline     the pipeline under it, for reading result files
     * @param endpoint     the Azure OpenAI resource URL
     * @param pollInterval how often {@link #submit} asks whether the uploaded file is processed
     */
    public AzureBatches(String providerId, Supplier<OpenAIClient> client, Supplier<HttpPipeline> pipeline, URI endpoint,
                        AzureErrorMapper mapper, Duration pollInterval) {
        this.providerId = Objects.requireNonNull(providerId, "providerId");
        this.client = Objects.requireNonNull(client, "client");
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    @Override
    public BatchLimits limits(BatchKind kind, String model) {
        return BatchInput.limits(kind, model);
    }

    @Override
    public String inputLine(BatchKind kind, String model, BatchItem item) {
        return BatchInput.line(providerId, kind, model, item);
    }

    @Override
    public BatchJob submit(BatchSubmission submission) {
        if (submission.kind() == BatchKind.EMBEDDINGS) throw new UnsupportedOperationException(BatchInput.NO_EMBEDDINGS);
        OpenAIFile file = client.get().uploadFile(new FileDetails(BinaryData.fromFile(submission.file()),
                submission.displayName() + ".jsonl"), FilePurpose.BATCH);
        try {
            awaitProcessed(file);
            BatchCreateRequest create = new BatchCreateRequest(BatchInput.URL, file.getId(), COMPLETION_WINDOW)
                    .setMetadata(Map.of(BatchJobs.MODEL_KEY, submission.model(), BatchJobs.NAME_KEY, submission.displayName()));
            return BatchJobs.job(providerId, client.get().createBatch(create));
        } catch (RuntimeException e) {
            try {
                client.get().deleteFile(file.getId());
            } catch (RuntimeException notDeleted) {
                e.addSuppressed(notDeleted);
            }
            throw e;
        }
    }

    private void awaitProcessed(OpenAIFile uploaded) {
        OpenAIFile file = uploaded;
        if (!isSettled(file)) {
            String id = uploaded.getId();
            file = Polling.until(providerId, "batch", FILE_WAIT, pollInterval, mapper, () -> client.get().getFile(id),
                    AzureBatches::isSettled, f -> "the input file " + id + " is " + f.getStatus());
        }
        if (!FileState.PROCESSED.equals(file.getStatus())) {
            throw new IllegalArgumentException("input: Azure OpenAI did not accept the batch input file " + file.getId()
                    + " (status " + file.getStatus() + "): " + Optional.ofNullable(file.getStatusDetails()).orElse("no details"));
        }
    }

    private static boolean isSettled(OpenAIFile f) {
        return FileState.PROCESSED.equals(f.getStatus()) || FileState.ERROR.equals(f.getStatus())
                || FileState.DELETED.equals(f.getStatus()) || FileState.DELETING.equals(f.getStatus());
    }

    @Override
    public Optional<BatchJob> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        try {
            return Optional.of(BatchJobs.job(providerId, client.get().getBatch(jobId)));
        } catch (HttpResponseException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) return Optional.empty();
            throw e;
        }
    }

    @Override
    public List<BatchJob> list() {
        List<BatchJob> jobs = new ArrayList<>();
        String after = null;
        while (true) {
            PageableList<Batch> page = client.get().listBatches(after, PAGE);
            List<Batch> data = page.getData() == null ? List.of() : page.getData();
            for (Batch b : data) jobs.add(BatchJobs.job(providerId, b));
            if (!page.isHasMore() || data.isEmpty()) break;
            after = page.getLastId() != null ? page.getLastId() : data.get(data.size() - 1).getId();
        }
        jobs.sort(Comparator.comparing(BatchJob::createdAt).reversed());
        return jobs;
    }

    @Override
    public BatchJob cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return BatchJobs.job(providerId, client.get().cancelBatch(jobId));
    }

    /**
     * The output file's lines, then the error file's, then (when the job may have left requests without a line) the
     * requests of the input file no line answered ({@link ResultReader}).
     *
     * @throws IllegalStateException when the job is not terminal
     */
    @Override
    public Stream<BatchResult> results(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Batch batch = client.get().getBatch(jobId);
        BatchJob job = BatchJobs.job(providerId, batch);
        if (!job.status().isTerminal()) {
            throw new IllegalStateException("batch " + jobId + " is " + batch.getStatus() + "; its results can be read once"
                    + " it is completed, failed, expired or cancelled");
        }
        List<String> resultFiles = Stream.of(batch.getOutputFileId(), batch.getErrorFileId())
                .filter(id -> id != null && !id.isBlank()).toList();
        boolean everyRequestHasALine = job.status() == BatchStatus.COMPLETED && job.counts().total() > 0
                && job.counts().done() >= job.counts().total();
        String inputFile = everyRequestHasALine ? null : batch.getInputFileId();
        BatchOutput output = new BatchOutput(providerId, job.model(), mapper);
        return ResultReader.stream(fileId -> new FileLines(pipeline.get(), endpoint, fileId), resultFiles, inputFile,
                output, job, BatchJobs.firstErrorCode(batch).orElse("batch_failed"));
    }

    /**
     * Deletes the batch's input, output and error files ({@code deleteFile}), those it has; a file already gone (404)
     * is skipped, not counted. The batch itself stays: the API has no delete for it.
     */
    @Override
    public long deleteFiles(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        Batch batch = client.get().getBatch(jobId);
        long deleted = 0;
        for (String fileId : Stream.of(batch.getInputFileId(), batch.getOutputFileId(), batch.getErrorFileId())
                .filter(id -> id != null && !id.isBlank()).distinct().toList()) {
            try {
                client.get().deleteFile(fileId);
                deleted++;
            } catch (HttpResponseException e) {
                if (e.getResponse() == null || e.getResponse().getStatusCode() != 404) throw e;
            }
        }
        return deleted;
    }

    @Override
    public String toString() {
        return "AzureBatches[" + endpoint + "]";
    }
}
