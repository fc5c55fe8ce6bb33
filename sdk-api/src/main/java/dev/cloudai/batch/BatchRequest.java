package dev.cloudai.batch;

import dev.cloudai.internal.util.Arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch job to submit: one model, one kind, many items each under its own custom id. The items may be a list
 * built in memory or any {@link Iterable} that produces them lazily (read from a file, a database cursor), so a
 * million prompts need not sit in memory: the SDK iterates them once per {@link Batches#estimate} and once per
 * {@link Batches#submit}, writing the cloud's JSONL to a temporary file as it goes.
 *
 * <pre>{@code
 * BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "claude")      // a model alias or a native model id
 *         .add(BatchItem.chat("t-1", ChatRequest.builder().user("Classify: ...").build()))
 *         .add(BatchItem.chat("t-2", ChatRequest.builder().user("Classify: ...").build()))
 *         .displayName("ticket-triage")
 *         .build();
 * }</pre>
 */
public final class BatchRequest {
    private final BatchKind kind;
    private final String model;
    private final Iterable<BatchItem> items;
    private final String displayName;

    private BatchRequest(Builder b) {
        this.kind = b.kind;
        this.model = b.model;
        this.items = b.lazy != null ? b.lazy : Collections.unmodifiableList(new ArrayList<>(b.added));
        this.displayName = b.displayName;
    }

    /** A builder for a job of {@code kind} on {@code model}: a model alias of the configuration or a native model id. */
    public static Builder builder(BatchKind kind, String model) {
        return new Builder(kind, model);
    }

    /** Chat or embeddings. */
    public BatchKind kind() {
        return kind;
    }

    /** The model alias or native model id the job runs on. */
    public String model() {
        return model;
    }

    /** The items, in submission order; iterated once per estimate and once per submit. */
    public Iterable<BatchItem> items() {
        return items;
    }

    /** The job's name in the cloud's console, when set; else the SDK makes one. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    @Override
    public String toString() {
        return "BatchRequest{" + kind + ", model=" + model + (displayName == null ? "" : ", displayName=" + displayName) + "}";
    }

    /** Builds a {@link BatchRequest}. */
    public static final class Builder {
        private final BatchKind kind;
        private final String model;
        private final List<BatchItem> added = new ArrayList<>();
        private Iterable<BatchItem> lazy;
        private String displayName;

        private Builder(BatchKind kind, String model) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.model = Arguments.requireText(model, "model");
        }

        /** Adds one item. Not with {@link #items(Iterable)}. */
        public Builder add(BatchItem item) {
            if (lazy != null) throw new IllegalStateException("items: already set as an Iterable; add items there");
            added.add(Objects.requireNonNull(item, "item"));
            return this;
        }

        /** Takes the items from an iterable, read lazily at submit time. Not with {@link #add(BatchItem)}. */
        public Builder items(Iterable<BatchItem> items) {
            if (!added.isEmpty()) throw new IllegalStateException("items: " + added.size() + " items were added one by one already");
            this.lazy = Objects.requireNonNull(items, "items");
            return this;
        }

        /** The job's name in the cloud's console (letters, digits and {@code -}; the clouds cap it at 63 characters). */
        public Builder displayName(String value) {
            String name = Arguments.requireText(value, "displayName");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("displayName: '" + name + "' must be 1 to 63 letters, digits or '-',"
                        + " starting with a letter or digit");
            }
            this.displayName = name;
            return this;
        }

        /** The request; items are checked (kinds, unique custom ids, limits) when it is estimated or submitted. */
        public BatchRequest build() {
            if (lazy == null && added.isEmpty()) throw new IllegalArgumentException("items: a batch needs at least one item");
            return new BatchRequest(this);
        }
    }
}
