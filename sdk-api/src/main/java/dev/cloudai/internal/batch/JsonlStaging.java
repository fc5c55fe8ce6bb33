package dev.cloudai.internal.batch;

import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ToolCall;
import dev.cloudai.invocation.ToolSpec;
import dev.cloudai.spi.BatchPlatform;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link BatchRequest} into the cloud's JSONL, one {@link BatchPlatform#inputLine} per item, checking as it
 * goes what every cloud would refuse later: each item of the request's kind, each custom id once (a repeat names
 * both positions), no more items and bytes than {@link BatchLimits} allows (checked while writing, so a request ten
 * times too big fails at the first item over, not after writing it all), and at least the minimum. Items are read
 * once from the request's iterable, one at a time: a million prompts never sit in memory, only their custom ids
 * (about 100 bytes each) to catch a repeat.
 *
 * <p>Input tokens are estimated, not counted (no cloud tokenizer runs here): about four characters per token, the
 * rule of thumb the providers give for English text, over each item's text (its messages' text parts, the tool calls
 * it replays, its tool definitions; an embedding's text), rounded up per item. Images and documents are not counted.
 * Not API.
 *
 * <pre>{@code
 * try (JsonlStaging.Staged staged = JsonlStaging.write(platform, "aws", request, model, limits, mapper, null)) {
 *     platform.submit(new BatchSubmission(kind, model, name, staged.file(), staged.records(), staged.bytes()));
 * }   // the file is deleted here, whatever happened
 * }</pre>
 */
final class JsonlStaging {
    /** How staging files' names start. */
    static final String PREFIX = "cloudai-batch-";
    /** The characters one token stands for, on average, in English text. */
    static final int CHARS_PER_TOKEN = 4;

    private JsonlStaging() {
    }

    /**
     * What staging produced: the counts, and the file when one was written (deleted by {@link #close()}).
     *
     * @param file null when only counted
     */
    record Staged(long records, long bytes, long inputTokens, Path file) implements AutoCloseable {
        /** Deletes the file, if any; a file that cannot be deleted is left in the temporary directory. */
        @Override
        public void close() {
            deleteQuietly(file);
        }
    }

    /** Counts and checks the request without writing anything: for an estimate. */
    static Staged count(BatchPlatform platform, String providerId, BatchRequest request, String model, BatchLimits limits,
                        UnaryOperator<RuntimeException> adapterFailure) {
        return stage(platform, providerId, request, model, limits, adapterFailure, null, null);
    }

    /**
     * Writes the JSONL to a new temporary file, checking the request as it goes; the caller closes the result to
     * delete the file. When a check fails, the file is deleted before the exception leaves.
     *
     * @param adapterFailure maps what the adapter's {@code inputLine} throws (the SDK's own exceptions pass as they are)
     * @param directory      where the file goes; null for {@code java.io.tmpdir}
     * @throws UncheckedIOException when the temporary file cannot be written, naming it
     */
    static Staged write(BatchPlatform platform, String providerId, BatchRequest request, String model, BatchLimits limits,
                        UnaryOperator<RuntimeException> adapterFailure, Path directory) {
        Path file;
        try {
            file = directory == null ? Files.createTempFile(PREFIX, ".jsonl") : Files.createTempFile(directory, PREFIX, ".jsonl");
        } catch (IOException e) {
            throw new UncheckedIOException("batch: could not create the staging file in "
                    + (directory == null ? System.getProperty("java.io.tmpdir") + " (java.io.tmpdir)" : directory) + ": "
                    + e.getMessage(), e);
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            return stage(platform, providerId, request, model, limits, adapterFailure, out, file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("batch: could not write the staging file " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static Staged stage(BatchPlatform platform, String providerId, BatchRequest request, String model,
                                BatchLimits limits, UnaryOperator<RuntimeException> adapterFailure, OutputStream out,
                                Path file) {
        BatchKind kind = request.kind();
        Map<String, Long> positions = new HashMap<>();
        long index = -1;
        long bytes = 0;
        long tokens = 0;
        for (BatchItem item : request.items()) {
            index++;
            if (item == null) throw new NullPointerException("items[" + index + "]: is null");
            requireKind(kind, item, index);
            Long first = positions.putIfAbsent(item.customId(), index);
            if (first != null) {
                throw new IllegalArgumentException("items[" + index + "]: custom id '" + item.customId() + "' repeats items["
                        + first + "]; custom ids must be unique within a job, as each result comes back under its item's id");
            }
            if (index + 1 > limits.maxRecords()) {
                throw new IllegalArgumentException("items: more than " + limits.maxRecords() + " items; provider '"
                        + providerId + "' takes at most " + limits.maxRecords() + " per batch job of model '" + model
                        + "': split them into several jobs");
            }
            byte[] line = line(platform, kind, model, item, index, adapterFailure);
            bytes += line.length + 1L;
            if (bytes > limits.maxInputBytes()) {
                throw new IllegalArgumentException("items: the input file passes " + limits.maxInputBytes() + " bytes at items["
                        + index + "] (custom id '" + item.customId() + "'); provider '" + providerId + "' takes at most "
                        + limits.maxInputBytes() + " bytes per batch job of model '" + model + "': split them into several jobs");
            }
            tokens += estimateTokens(item);
            if (out != null) {
                try {
                    out.write(line);
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException("batch: could not write the staging file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        long records = index + 1;
        if (records < limits.minRecords()) {
            throw new IllegalArgumentException("items: " + records + " item(s); provider '" + providerId + "' needs at least "
                    + limits.minRecords() + " per batch job of model '" + model + "': add items, or send these one by one"
                    + " with chatModel(...).chatAsync or embeddingModel(...).embedAsync");
        }
        return new Staged(records, bytes, tokens, file);
    }

    private static void requireKind(BatchKind kind, BatchItem item, long index) {
        boolean matches = kind == BatchKind.CHAT ? item instanceof BatchItem.Chat : item instanceof BatchItem.Embedding;
        if (!matches) {
            String found = item instanceof BatchItem.Chat ? "a chat item" : "an embedding item";
            throw new IllegalArgumentException("items[" + index + "]: " + found + " (custom id '" + item.customId()
                    + "') in a " + kind + " batch; a job holds one kind of item: build it with BatchKind."
                    + (kind == BatchKind.CHAT ? "EMBEDDINGS" : "CHAT") + " or use BatchItem."
                    + (kind == BatchKind.CHAT ? "chat" : "embedding") + "(...)");
        }
    }

    /** The adapter's line for the item in UTF-8, checked to be one line. */
    private static byte[] line(BatchPlatform platform, BatchKind kind, String model, BatchItem item, long index,
                               UnaryOperator<RuntimeException> adapterFailure) {
        String line;
        try {
            line = platform.inputLine(kind, model, item);
        } catch (RuntimeException e) {
            throw adapterFailure.apply(e);
        }
        Objects.requireNonNull(line, () -> "items[" + index + "]: the provider's inputLine returned null");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            // a JSONL line with a raw line break in it would split one request into two broken ones at the cloud
            throw new IllegalStateException("items[" + index + "]: the provider's inputLine wrote a line break into the"
                    + " line of custom id '" + item.customId() + "'; a JSON line must escape it as \\n");
        }
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** About {@value #CHARS_PER_TOKEN} characters per token over the item's text, rounded up. */
    static long estimateTokens(BatchItem item) {
        long chars = 0;
        if (item instanceof BatchItem.Embedding e) {
            chars = e.text().length();
        } else if (item instanceof BatchItem.Chat c) {
            ChatRequest r = c.request();
            for (ChatMessage m : r.messages()) {
                chars += m.text().length();
                for (ToolCall call : m.toolCalls()) chars += call.name().length() + call.arguments().length();
            }
            for (ToolSpec tool : r.tools()) {
                chars += tool.name().length() + tool.description().length() + tool.parametersJsonSchema().length();
            }
        }
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(JsonlStaging.class).warn("Could not delete the batch staging file {}", file, e);
        }
    }
}
