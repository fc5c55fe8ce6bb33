package dev.cloudai.cli;

import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.spi.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The neutral input of {@code cloudai batch submit}: a JSONL file, one JSON object per line (blank lines skipped),
 * the same on every cloud; the SDK writes each cloud's own format from it.
 *
 * <pre>
 * {"custom_id":"t-1","prompt":"Classify this ticket: my parcel is late"}
 * {"custom_id":"t-2","system":"Answer in one word.","prompt":"Classify: refund please","max_tokens":10}
 * {"custom_id":"t-3","messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},
 *                                {"role":"user","content":"Classify: wrong size"}],"temperature":0.2}
 * {"custom_id":"d-1","text":"A text to embed"}                                     (with --embeddings)
 * </pre>
 *
 * Chat lines: {@code custom_id} (unique in the file), then {@code prompt} (one user message) or {@code messages}
 * (roles {@code user}, {@code assistant}, {@code system}; {@code content} a string), and optionally {@code system},
 * {@code max_tokens}, {@code temperature}. Embedding lines: {@code custom_id} and {@code text}. Any other field is
 * refused, naming the line, so a misspelt one is not silently dropped. The file is read lazily, once per submit,
 * so a file of a million lines never sits in memory.
 */
final class BatchInput implements Iterable<BatchItem> {
    private static final Set<String> CHAT_FIELDS = Set.of("custom_id", "prompt", "messages", "system", "max_tokens", "temperature");
    private static final Set<String> EMBEDDING_FIELDS = Set.of("custom_id", "text");

    private final Path file;
    private final BatchKind kind;

    BatchInput(Path file, BatchKind kind) {
        this.file = file;
        this.kind = kind;
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("file: cannot read " + file + "; give a JSONL file of prompts (see"
                    + " 'cloudai batch submit --help')");
        }
    }

    @Override
    public Iterator<BatchItem> iterator() {
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("file: cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Iterator<>() {
            private int lineNumber;
            private BatchItem next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next != null) return true;
                if (done) return false;
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lineNumber++;
                        if (!line.isBlank()) {
                            next = item(line, lineNumber);
                            return true;
                        }
                    }
                    done = true;
                    reader.close();
                    return false;
                } catch (IOException e) {
                    throw new IllegalArgumentException("file: reading " + file + " failed at line " + lineNumber + ": "
                            + e.getMessage(), e);
                }
            }

            @Override
            public BatchItem next() {
                if (!hasNext()) throw new NoSuchElementException();
                BatchItem item = next;
                next = null;
                return item;
            }
        };
    }

    private BatchItem item(String line, int n) {
        String where = file.getFileName() + ":" + n + ": ";
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "not a JSON object (" + e.getMessage() + ")");
        }
        if (!(parsed instanceof Map<?, ?> raw)) throw new IllegalArgumentException(where + "not a JSON object");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        Set<String> allowed = kind == BatchKind.CHAT ? CHAT_FIELDS : EMBEDDING_FIELDS;
        Set<String> unknown = new TreeSet<>(m.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + "unknown field(s) " + unknown + " in a " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " line; allowed: " + new TreeSet<>(allowed)
                    + (kind == BatchKind.CHAT && m.containsKey("text") ? " (embedding lines need --embeddings)" : ""));
        }
        String id = text(m, "custom_id", where, true);
        try {
            if (kind == BatchKind.EMBEDDINGS) return BatchItem.embedding(id, text(m, "text", where, true));
            return BatchItem.chat(id, chat(m, where));
        } catch (IllegalArgumentException | NullPointerException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) throw e;
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    private static ChatRequest chat(Map<String, Object> m, String where) {
        ChatRequest.Builder b = ChatRequest.builder();
        String system = text(m, "system", where, false);
        if (system != null) b.system(system);
        boolean hasPrompt = m.containsKey("prompt");
        boolean hasMessages = m.containsKey("messages");
        if (hasPrompt == hasMessages) {
            throw new IllegalArgumentException(where + "give either \"prompt\" or \"messages\"" + (hasPrompt ? ", not both" : ""));
        }
        if (hasPrompt) {
            b.user(text(m, "prompt", where, true));
        } else {
            if (!(m.get("messages") instanceof List<?> messages) || messages.isEmpty()) {
                throw new IllegalArgumentException(where + "\"messages\" must be a non-empty array of {\"role\",\"content\"}");
            }
            for (int i = 0; i < messages.size(); i++) {
                String at = where + "messages[" + i + "]: ";
                if (!(messages.get(i) instanceof Map<?, ?> message)) throw new IllegalArgumentException(at + "not an object");
                @SuppressWarnings("unchecked")
                Map<String, Object> msg = (Map<String, Object>) message;
                String content = text(msg, "content", at, true);
                String role = text(msg, "role", at, true);
                switch (role) {
                    case "user" -> b.user(content);
                    case "assistant" -> b.assistant(content);
                    case "system" -> b.system(content);
                    default -> throw new IllegalArgumentException(at + "role '" + role + "' is not user, assistant or system");
                }
            }
        }
        if (m.get("max_tokens") != null) {
            BigDecimal tokens = number(m, "max_tokens", where);
            if (tokens.stripTrailingZeros().scale() > 0 || tokens.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException(where + "\"max_tokens\" must be a whole number, was " + tokens);
            }
            b.maxTokens(tokens.intValue());
        }
        if (m.get("temperature") != null) b.temperature(number(m, "temperature", where).doubleValue());
        return b.build();
    }

    private static String text(Map<String, Object> m, String field, String where, boolean required) {
        Object v = m.get(field);
        if (v == null) {
            if (required) throw new IllegalArgumentException(where + "\"" + field + "\" is missing");
            return null;
        }
        if (!(v instanceof String s)) throw new IllegalArgumentException(where + "\"" + field + "\" must be a string");
        return s;
    }

    private static BigDecimal number(Map<String, Object> m, String field, String where) {
        if (!(m.get(field) instanceof BigDecimal d)) throw new IllegalArgumentException(where + "\"" + field + "\" must be a number");
        return d;
    }
}
