package dev.cloudai.aws.batch;

import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.UnclassifiedException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.ErrorMapper;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.CreateModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobInputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobOutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobS3InputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobS3OutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobSummary;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.S3InputFormat;
import software.amazon.awssdk.services.bedrock.model.SortJobsBy;
import software.amazon.awssdk.services.bedrock.model.SortOrder;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bedrock batch inference as a {@link BatchPlatform}: the input JSONL goes to S3 with PutObject, the job is created
 * with CreateModelInvocationJob and read with GetModelInvocationJob, ListModelInvocationJobs and
 * StopModelInvocationJob (API reference, https://docs.aws.amazon.com/bedrock/latest/APIReference/, "Amazon Bedrock"
 * control plane), and the output is streamed back from S3 in ranged GetObject requests ({@link RangedObject}).
 * Internal to the adapter; {@code AwsProvider.batchPlatform()} makes it.
 *
 * <pre>{@code
 * BatchPlatform batches = new BedrockBatches("aws", clients::bedrockControl, clients::s3,
 *         S3Location.parse("s3://my-bucket/batch"), "arn:aws:iam::123456789012:role/BedrockBatch", new AwsErrorMapper());
 * }</pre>
 *
 * <p>Where a job's files go, below the configured location: {@code <displayName>-<token>/input.jsonl}, and the
 * output folder {@code <displayName>-<token>/output/}, where Bedrock writes {@code <job id>/input.jsonl.out} and
 * {@code <job id>/manifest.json.out} (user guide, "View the results of a batch inference job"). The token is also
 * the job's {@code clientRequestToken}, and it is derived from the staged submission, so a submit the call pipeline
 * retries uploads to the same key and asks for the same job: Bedrock answers a repeated token with the job it made
 * the first time instead of a second one. Jobs made elsewhere (the console, boto3, Step Functions) often name a
 * folder of {@code .jsonl} files as their input: their results are the output files of each, in key order
 * ({@link JobOutput}).
 *
 * <p>Results of a job that ended early ({@code PartiallyCompleted}, {@code Expired}, {@code Stopped},
 * {@code Failed}) are the output lines there are, followed by one failed result for every input record without an
 * output line (read from its input file), so no item is dropped: {@code DeadlineExceededException} when the job ran
 * out of time, {@code UnclassifiedException} when it was stopped or failed, with the job's message.
 */
public final class BedrockBatches implements BatchPlatform {
    /** CreateModelInvocationJob's {@code jobIdentifier}: a job ARN or the 12-character job id at its end. */
    private static final Pattern JOB_IDENTIFIER = Pattern.compile(
            "(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/)?[a-z0-9]{12}");
    private static final String INPUT_FILE = "input.jsonl";

    private final String provider;
    private final Supplier<BedrockClient> bedrock;
    private final Supplier<S3Client> s3;
    private final S3Location location;
    private final String role;
    private final ErrorMapper errors;
    private final Clock clock;

    /**
     * @param location where job folders go ({@code cloudai.aws.batch-bucket})
     * @param role     the IAM role Bedrock assumes to read the input and write the output ({@code cloudai.aws.batch-role})
     * @param errors   the adapter's error mapper, which types failed lines as it types failed calls
     */
    public BedrockBatches(String provider, Supplier<BedrockClient> bedrock, Supplier<S3Client> s3, S3Location location,
                          String role, ErrorMapper errors) {
        this(provider, bedrock, s3, location, role, errors, Clock.systemUTC());
    }

    BedrockBatches(String provider, Supplier<BedrockClient> bedrock, Supplier<S3Client> s3, S3Location location,
                   String role, ErrorMapper errors, Clock clock) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.bedrock = Objects.requireNonNull(bedrock, "bedrock");
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.location = Objects.requireNonNull(location, "location");
        this.role = Objects.requireNonNull(role, "role");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public BatchLimits limits(BatchKind kind, String model) {
        return BatchModels.limits(kind, model);
    }

    @Override
    public String inputLine(BatchKind kind, String model, BatchItem item) {
        return BatchLines.input(kind, model, item);
    }

    /** Two requests: PutObject of the input file, then CreateModelInvocationJob. */
    @Override
    public BatchJob submit(BatchSubmission submission) {
        String token = token(submission);
        S3Location folder = location.resolve(submission.displayName() + "-" + token.substring(0, 8));
        S3Location input = folder.resolve(INPUT_FILE);
        String output = folder.resolve("output").uri() + "/";
        s3.get().putObject(r -> r.bucket(input.bucket()).key(input.key()).contentType("application/jsonl")
                .contentLength(submission.bytes()), RequestBody.fromFile(submission.file()));
        CreateModelInvocationJobResponse created = bedrock.get().createModelInvocationJob(r -> r
                .jobName(submission.displayName())
                .roleArn(role)
                .modelId(submission.model())
                .clientRequestToken(token)
                .inputDataConfig(ModelInvocationJobInputDataConfig.fromS3InputDataConfig(ModelInvocationJobS3InputDataConfig
                        .builder().s3Uri(input.uri()).s3InputFormat(S3InputFormat.JSONL).build()))
                .outputDataConfig(ModelInvocationJobOutputDataConfig.fromS3OutputDataConfig(ModelInvocationJobS3OutputDataConfig
                        .builder().s3Uri(output).build())));
        return new BatchJob(created.jobArn(), provider, submission.model(), submission.kind(), BatchStatus.QUEUED,
                new BatchCounts(submission.records(), 0, 0), clock.instant(), Optional.empty(), Optional.empty());
    }

    /**
     * The same for every attempt at one staged submission (its temporary file is its own), different for every
     * other: an idempotency token in CreateModelInvocationJob's form ({@code [a-zA-Z0-9](-*[a-zA-Z0-9])*}).
     */
    static String token(BatchSubmission s) {
        String identity = s.kind() + "\n" + s.model() + "\n" + s.displayName() + "\n" + s.file().toAbsolutePath() + "\n"
                + s.records() + "\n" + s.bytes();
        return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** GetModelInvocationJob; empty, without a request, for an id that is not a Bedrock job id or ARN at all. */
    @Override
    public Optional<BatchJob> get(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        if (!JOB_IDENTIFIER.matcher(jobId).matches()) return Optional.empty();
        try {
            return Optional.of(job(bedrock.get().getModelInvocationJob(r -> r.jobIdentifier(jobId))));
        } catch (ResourceNotFoundException none) {
            return Optional.empty();
        }
    }

    /** ListModelInvocationJobs, every page, newest first. */
    @Override
    public List<BatchJob> list() {
        List<BatchJob> jobs = new ArrayList<>();
        for (ModelInvocationJobSummary s : bedrock.get().listModelInvocationJobsPaginator(r -> r
                .sortBy(SortJobsBy.CREATION_TIME).sortOrder(SortOrder.DESCENDING)).invocationJobSummaries()) {
            jobs.add(job(s.jobArn(), s.modelId(), s.statusAsString(), s.message(), s.submitTime(), s.endTime(),
                    s.totalRecordCount(), s.successRecordCount(), s.errorRecordCount()));
        }
        return jobs;
    }

    /** StopModelInvocationJob, then GetModelInvocationJob for the job as it stands (usually {@code Stopping}). */
    @Override
    public BatchJob cancel(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        bedrock.get().stopModelInvocationJob(r -> r.jobIdentifier(jobId));
        return job(bedrock.get().getModelInvocationJob(r -> r.jobIdentifier(jobId)));
    }

    /**
     * GetModelInvocationJob for the output's place, then the output lines, read as the stream is consumed
     * ({@link JobOutput}: of one input file, or of each {@code .jsonl} file of an input folder in key order, listed
     * with ListObjectsV2; see the class doc for jobs that ended early).
     *
     * @throws IllegalStateException when the job is not terminal yet
     */
    @Override
    public Stream<BatchResult> results(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        GetModelInvocationJobResponse job = bedrock.get().getModelInvocationJob(r -> r.jobIdentifier(jobId));
        String status = job.statusAsString();
        if (!JobStates.known(status) || !JobStates.status(status).isTerminal()) {
            throw new IllegalStateException("results: job " + jobId + " is " + status + ", not finished; await it first");
        }
        String model = job.modelId();
        BatchKind kind = BatchModels.kindOf(model);
        return output(job, JobStates.mayHaveUnprocessedRecords(status))
                .results(line -> BatchLines.result(line, kind, provider, model, errors), id -> unprocessed(id, job));
    }

    /**
     * Deletes the job's input and output objects ({@link JobOutput#delete}); Bedrock keeps the job, which has no
     * delete.
     */
    @Override
    public long deleteFiles(String jobId) {
        Objects.requireNonNull(jobId, "jobId");
        return output(bedrock.get().getModelInvocationJob(r -> r.jobIdentifier(jobId)), false).delete();
    }

    /** Where the job's input and output are, as Bedrock describes it. */
    private JobOutput output(GetModelInvocationJobResponse job, boolean endedEarly) {
        return new JobOutput(s3, job.inputDataConfig().s3InputDataConfig().s3Uri(),
                job.outputDataConfig().s3OutputDataConfig().s3Uri(), job.jobArn(), endedEarly);
    }

    /** The error of a record the job ended without processing. */
    private CloudAiException unprocessed(String id, GetModelInvocationJobResponse job) {
        String status = job.statusAsString();
        ErrorInfo info = ErrorInfo.builder(provider, BatchLines.OPERATION).providerCode(status).build();
        String detail = "record '" + id + "' was not processed: the batch job ended " + status
                + (job.message() == null || job.message().isBlank() ? "" : " (" + job.message() + ")");
        if (status.equals("Expired") || status.equals("PartiallyCompleted")) {
            return new DeadlineExceededException(info, detail + "; submit the record again in a new job", null);
        }
        return new UnclassifiedException(info, detail, false, null);
    }

    private BatchJob job(GetModelInvocationJobResponse r) {
        return job(r.jobArn(), r.modelId(), r.statusAsString(), r.message(), r.submitTime(), r.endTime(),
                r.totalRecordCount(), r.successRecordCount(), r.errorRecordCount());
    }

    private BatchJob job(String arn, String model, String status, String message, Instant submitted, Instant ended,
                         Long total, Long succeeded, Long failed) {
        BatchStatus neutral = JobStates.status(status);
        Optional<String> said = Optional.ofNullable(message).filter(m -> !m.isBlank());
        if (!JobStates.known(status)) said = Optional.of("Bedrock status " + status + said.map(m -> ": " + m).orElse(""));
        return new BatchJob(arn, provider, model, BatchModels.kindOf(model), neutral,
                new BatchCounts(orZero(total), orZero(succeeded), orZero(failed)),
                submitted == null ? Instant.EPOCH : submitted,
                neutral.isTerminal() ? Optional.ofNullable(ended) : Optional.empty(), said);
    }

    private static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    @Override
    public String toString() {
        return "BedrockBatches[" + location + "]";
    }
}
