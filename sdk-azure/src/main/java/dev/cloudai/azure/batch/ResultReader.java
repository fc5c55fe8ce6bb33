package dev.cloudai.azure.batch;

import dev.cloudai.azure.http.Json;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchResult;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of a terminal Azure OpenAI batch job, one per request: the output file's lines, then the error file's,
 * each file downloaded only when the reading gets to it ({@link FileLines}). When the job may have left requests
 * without a line (it was cancelled, expired or failed, or its counts do not add up), the input file is read last and
 * each custom id no line answered gets {@link BatchOutput#notRun}; only then are the ids seen kept, one string each.
 *
 * <pre>{@code
 * try (Stream<BatchResult> results = ResultReader.stream(files, List.of(outputId, errorId), inputId, output, job, "batch_failed")) {
 *     results.limit(10).forEach(System.out::println);
 * }
 * }</pre>
 */
final class ResultReader implements Iterator<BatchResult>, AutoCloseable {
    private final Function<String, FileLines> files;
    private final Deque<String> resultFiles;
    private final String inputFile;
    private final BatchOutput output;
    private final BatchJob job;
    private final String failureCode;
    private final Set<String> seen;
    private FileLines current;
    private boolean readingInput;
    private BatchResult next;

    private ResultReader(Function<String, FileLines> files, List<String> resultFiles, String inputFile, BatchOutput output,
                         BatchJob job, String failureCode) {
        this.files = files;
        this.resultFiles = new ArrayDeque<>(resultFiles);
        this.inputFile = inputFile;
        this.output = output;
        this.job = job;
        this.failureCode = failureCode;
        this.seen = inputFile == null ? null : new HashSet<>();
    }

    /**
     * The results as a lazy stream; closing it stops the download under way.
     *
     * @param resultFiles the output and error file ids the job has, in that order
     * @param inputFile   the input file to find requests without a line in, or null when every request has one
     */
    static Stream<BatchResult> stream(Function<String, FileLines> files, List<String> resultFiles, String inputFile,
                                      BatchOutput output, BatchJob job, String failureCode) {
        ResultReader reader = new ResultReader(files, resultFiles, inputFile, output, job, failureCode);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(reader, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(reader::close);
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (current == null && !openNext()) return false;
            String line = current.next();
            if (line == null) {
                current.close();
                current = null;
            } else if (!line.isBlank()) {
                next = readingInput ? missing(line) : result(line);
            }
        }
        return true;
    }

    @Override
    public BatchResult next() {
        if (!hasNext()) throw new NoSuchElementException();
        BatchResult r = next;
        next = null;
        return r;
    }

    private boolean openNext() {
        if (!resultFiles.isEmpty()) {
            current = files.apply(resultFiles.poll());
            return true;
        }
        if (inputFile != null && !readingInput) {
            readingInput = true;
            current = files.apply(inputFile);
            return true;
        }
        return false;
    }

    private BatchResult result(String line) {
        BatchResult r = output.result(line);
        if (seen != null) seen.add(r.customId());
        return r;
    }

    /** The input line's request, failed, when no result line answered it; else null (read on). */
    private BatchResult missing(String inputLine) {
        String customId = Json.text(Json.parseObject(inputLine), "custom_id").orElse(null);
        if (customId == null || !seen.add(customId)) return null;
        return output.notRun(customId, job, failureCode);
    }

    @Override
    public void close() {
        resultFiles.clear();
        readingInput = true;   // nothing more is opened
        if (current != null) current.close();
        current = null;
    }
}
