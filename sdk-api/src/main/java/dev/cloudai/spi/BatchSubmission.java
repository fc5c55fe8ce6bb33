package dev.cloudai.spi;

import dev.cloudai.batch.BatchKind;
import dev.cloudai.internal.util.Arguments;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A batch job ready for {@link BatchPlatform#submit}: the core has written every item as the cloud's JSONL line
 * ({@link BatchPlatform#inputLine}), one per line, into {@code file} and checked it against
 * {@link BatchPlatform#limits}.
 *
 * <pre>{@code
 * s3.putObject(r -> r.bucket(bucket).key(prefix + submission.displayName() + ".jsonl"), submission.file());
 * }</pre>
 *
 * @param kind        chat or embeddings
 * @param model       the native model id or deployment
 * @param displayName the job name (the user's, or one the core made: letters, digits and {@code -})
 * @param file        the JSONL input, deleted by the core after submit returns
 * @param records     lines in the file
 * @param bytes       size of the file
 */
public record BatchSubmission(BatchKind kind, String model, String displayName, Path file, long records, long bytes) {

    public BatchSubmission {
        Objects.requireNonNull(kind, "kind");
        Arguments.requireText(model, "model");
        Arguments.requireText(displayName, "displayName");
        Objects.requireNonNull(file, "file");
        if (records < 1 || bytes < 1) throw new IllegalArgumentException("submission: needs at least one record");
    }
}
