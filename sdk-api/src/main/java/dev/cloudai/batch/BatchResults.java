package dev.cloudai.batch;

import java.util.Iterator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The results of a finished batch job, read from the cloud's output as they are consumed: a job of a million
 * items is streamed, never loaded whole. Iterate once, then close (try-with-resources) to release the download.
 * Failed items are results too, with their error. A failure to read the output itself (the connection drops) is
 * thrown from the iteration as a {@link dev.cloudai.errors.CloudAiException}.
 *
 * <pre>{@code
 * try (BatchResults results = ai.batches().results(job.id())) {
 *     results.stream().filter(BatchResult::succeeded).forEach(r -> save(r.customId(), r.chat().orElseThrow().text()));
 * }
 * }</pre>
 */
public final class BatchResults implements Iterable<BatchResult>, AutoCloseable {
    private final Stream<BatchResult> stream;
    private boolean consumed;

    private BatchResults(Stream<BatchResult> stream) {
        this.stream = stream;
    }

    /** Results read from {@code stream}; closing them closes it. */
    public static BatchResults of(Stream<BatchResult> stream) {
        return new BatchResults(Objects.requireNonNull(stream, "stream"));
    }

    /** The results as a stream; like {@link #iterator()}, available once. */
    public Stream<BatchResult> stream() {
        claim();
        return stream;
    }

    /** The results in the order the cloud wrote them; available once. */
    @Override
    public Iterator<BatchResult> iterator() {
        claim();
        return stream.iterator();
    }

    private synchronized void claim() {
        if (consumed) throw new IllegalStateException("results: already read; call Batches.results(id) again to read them again");
        consumed = true;
    }

    /** Releases the download. */
    @Override
    public void close() {
        stream.close();
    }
}
