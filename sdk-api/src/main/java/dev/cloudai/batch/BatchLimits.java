package dev.cloudai.batch;

import java.util.Objects;
import java.util.Optional;

/**
 * What a cloud accepts in one batch job for a model, checked before anything is uploaded.
 *
 * <pre>{@code
 * BatchLimits l = ai.batches().estimate(request).limits();
 * System.out.println("at most " + l.maxRecords() + " items and " + l.maxInputBytes() + " bytes per job");
 * }</pre>
 *
 * @param minRecords    the fewest items a job may have (Bedrock asks for at least 100)
 * @param maxRecords    the most items a job may have
 * @param maxInputBytes the largest input file
 * @param unsupported   why this model cannot run in batch on this cloud, when it cannot (then submitting fails
 *                      with that reason before any upload)
 */
public record BatchLimits(long minRecords, long maxRecords, long maxInputBytes, Optional<String> unsupported) {

    public BatchLimits {
        if (minRecords < 1 || maxRecords < minRecords || maxInputBytes < 1) {
            throw new IllegalArgumentException("limits: need 1 <= minRecords <= maxRecords and maxInputBytes >= 1, were "
                    + minRecords + ", " + maxRecords + ", " + maxInputBytes);
        }
        Objects.requireNonNull(unsupported, "unsupported");
    }
}
