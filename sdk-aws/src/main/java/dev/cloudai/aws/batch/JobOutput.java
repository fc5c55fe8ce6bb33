package dev.cloudai.aws.batch;

import dev.cloudai.batch.BatchResult;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.spi.StreamChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where a finished Bedrock batch job's output is, and its lines read back as the results stream is consumed, file by
 * file, one S3 download open at a time ({@link RangedObject}).
 *
 * <pre>{@code
 * new JobOutput(() -> s3, "s3://bucket/in/", "s3://bucket/out/", jobArn, false)
 *         .results(line -> BatchLines.result(line, kind, "aws", model, errors), id -> notProcessed(id));
 * }</pre>
 *
 * <p>The input {@code s3Uri} of a job names one {@code .jsonl} file (as {@link BedrockBatches} submits them) or a
 * folder of them (as the console, boto3 or Step Functions often do). Bedrock reads the {@code .jsonl} objects of a
 * folder as the input files and writes "an output JSONL file for each input JSONL file", {@code <output s3Uri>/<job
 * id>/<input file name>.out}, plus {@code manifest.json.out} (user guide, "View the results of a batch inference
 * job"; "Format and upload your batch inference data": the location holds "at least one JSONL file", each "must end
 * in the extension .jsonl", other files there, such as the images or videos records point at, are not records). The
 * folder is listed with ListObjectsV2, every page, and its files read in the order S3 lists them (key order). Those
 * user guide pages allow JSONL files nested in sub-folders but do not name their output; this class reads
 * {@code <job id>/<path below the input folder>.out} for them, the one name that cannot collide, so a guess that
 * turned out wrong would fail loudly (the object is missing) rather than drop records.
 *
 * <p>For a job that ended early, each file's output lines are followed by a failed result for every record of that
 * input file without an output line, and a missing output file is no lines: the job may have ended before writing
 * it. For a job that completed, a missing output file is the SDK's {@code NoSuchKeyException}.
 */
final class JobOutput {
    private final Supplier<S3Client> s3;
    private final S3Location input;
    /** Whether the input is a folder (a prefix) rather than one {@code .jsonl} object. */
    private final boolean folder;
    /** {@code <output s3Uri>/<job id>}: where the {@code .out} files are. */
    private final S3Location outputs;
    private final boolean endedEarly;

    /**
     * @param endedEarly whether the job may have records without an output line ({@link JobStates#mayHaveUnprocessedRecords})
     */
    JobOutput(Supplier<S3Client> s3, String inputUri, String outputUri, String jobArn, boolean endedEarly) {
        this.s3 = s3;
        this.input = S3Location.parse(inputUri);
        this.folder = inputUri.strip().endsWith("/") || !input.key().endsWith(".jsonl");
        this.outputs = S3Location.parse(outputUri).resolve(jobArn.substring(jobArn.lastIndexOf('/') + 1));
        this.endedEarly = endedEarly;
    }

    /** One input file, and its output object. */
    private record InputFile(S3Location input, S3Location output) {
    }

    /**
     * Every output line mapped by {@code answered}, input file after input file, and (a job that ended early) after
     * each file's lines its unprocessed records, each failed with {@code unprocessed}'s error for its record id.
     * The folder's first page of keys and the first output's first range are requested now, so a missing bucket or
     * output fails here; the rest as the stream is consumed. Closing the stream aborts the open download.
     */
    Stream<BatchResult> results(Function<String, BatchResult> answered, Function<String, CloudAiException> unprocessed) {
        Iterator<Supplier<Stream<BatchResult>>> parts = inputFiles()
                .map(file -> (Supplier<Stream<BatchResult>>) () -> results(file, answered, unprocessed)).iterator();
        return StreamChain.oneAfterAnother(parts, true);
    }

    /**
     * Deletes the job's files: its input ({@code .jsonl} objects only, for a folder: other files there are the
     * user's) and every object Bedrock wrote under {@code <output>/<job id>/}, one DeleteObject each, counting only
     * the objects that were there (a HeadObject or the listing says), so a repeat deletes and counts nothing.
     *
     * @return how many objects were deleted
     */
    long delete() {
        List<S3Location> there = new ArrayList<>();
        if (folder) {
            inputFiles().map(InputFile::input).forEach(there::add);
        } else {
            try {
                s3.get().headObject(r -> r.bucket(input.bucket()).key(input.key()));
                there.add(input);
            } catch (NoSuchKeyException gone) {
                // deleted before: nothing to do
            }
        }
        s3.get().listObjectsV2Paginator(r -> r.bucket(outputs.bucket()).prefix(outputs.key() + "/")).contents().stream()
                .map(o -> new S3Location(outputs.bucket(), o.key())).forEach(there::add);
        for (S3Location object : there) s3.get().deleteObject(r -> r.bucket(object.bucket()).key(object.key()));
        return there.size();
    }

    /** The input files: the one the job names, or the folder's {@code .jsonl} objects in key order, listed as needed. */
    private Stream<InputFile> inputFiles() {
        if (!folder) return Stream.of(new InputFile(input, outputs.resolve(input.fileName() + ".out")));
        String prefix = input.key().isEmpty() ? "" : input.key() + "/";
        return s3.get().listObjectsV2Paginator(r -> r.bucket(input.bucket()).prefix(prefix.isEmpty() ? null : prefix))
                .contents().stream().map(S3Object::key).filter(key -> key.endsWith(".jsonl"))
                .map(key -> new InputFile(new S3Location(input.bucket(), key),
                        outputs.resolve(key.substring(prefix.length()) + ".out")));
    }

    /** One input file's results: its output lines, then (ended early) its records that have none. */
    private Stream<BatchResult> results(InputFile file, Function<String, BatchResult> answered,
                                        Function<String, CloudAiException> unprocessed) {
        Stream<BatchResult> out = lines(file.output(), endedEarly).map(answered);
        if (!endedEarly) return out;
        // the output of a file holds the records of that input file only: the ids seen are matched per file
        Set<String> seen = new HashSet<>();
        List<Supplier<Stream<BatchResult>>> both = List.of(() -> out.peek(r -> seen.add(r.customId())),
                () -> lines(file.input(), false)
                        .map(line -> BatchLines.recordId(BatchLines.parse(line)).orElse(null))
                        .filter(id -> id != null && !seen.contains(id))
                        .map(id -> BatchResult.failed(id, unprocessed.apply(id))));
        return StreamChain.oneAfterAnother(both.iterator(), true);
    }

    /**
     * The lines of an S3 object, read range by range as the stream is consumed; closing the stream aborts the
     * download. The first range is requested now: a missing object fails here, unless {@code missingIsEmpty}.
     */
    private Stream<String> lines(S3Location object, boolean missingIsEmpty) {
        RangedObject in = new RangedObject(s3, object, RangedObject.DEFAULT_RANGE_BYTES);
        try {
            in.open();
        } catch (NoSuchKeyException missing) {
            if (missingIsEmpty) return Stream.empty();
            throw missing;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return reader.lines().filter(line -> !line.isBlank()).onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
