package dev.cloudai.batch;

/**
 * How many items a job has and how many are done, as the cloud reports them (zeros until it counts).
 *
 * <pre>{@code
 * BatchCounts c = job.counts();
 * System.out.printf("%d of %d done, %d failed%n", c.succeeded() + c.failed(), c.total(), c.failed());
 * }</pre>
 *
 * @param total     items in the job
 * @param succeeded items answered
 * @param failed    items that failed; their results carry the error
 */
public record BatchCounts(long total, long succeeded, long failed) {

    public BatchCounts {
        if (total < 0 || succeeded < 0 || failed < 0) {
            throw new IllegalArgumentException("counts: must not be negative, were total=" + total + ", succeeded="
                    + succeeded + ", failed=" + failed);
        }
    }

    /** No items counted yet. */
    public static BatchCounts none() {
        return new BatchCounts(0, 0, 0);
    }

    /** Items finished either way. */
    public long done() {
        return succeeded + failed;
    }
}
