package dev.cloudai.invocation;

import dev.cloudai.internal.util.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Texts to embed, with optional settings that providers support.
 *
 * <pre>{@code
 * EmbeddingRequest one = EmbeddingRequest.of("Inferentia is an inference chip");
 * EmbeddingRequest many = EmbeddingRequest.builder().inputs(List.of("a", "b"))
 *         .dimensions(256).purpose(EmbeddingRequest.Purpose.QUERY).build();
 * }</pre>
 */
public final class EmbeddingRequest {

    /** What the vectors are for; providers that distinguish documents from queries use it. */
    public enum Purpose { DOCUMENT, QUERY }

    private final List<String> inputs;
    private final Integer dimensions;
    private final Purpose purpose;

    private EmbeddingRequest(Builder b) {
        this.inputs = List.copyOf(b.inputs);
        this.dimensions = b.dimensions;
        this.purpose = b.purpose;
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: at least one text is required; use EmbeddingRequest.of(\"...\")");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i).isBlank()) {
                throw new IllegalArgumentException("inputs[" + i + "]: must not be blank");
            }
        }
        if (dimensions != null && dimensions <= 0) {
            throw new IllegalArgumentException("dimensions: must be positive, was " + dimensions);
        }
    }

    /** A request for the given texts, in order. */
    public static EmbeddingRequest of(String... texts) {
        return builder().inputs(Arguments.listOf("texts", texts)).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The texts, in order; the response's embeddings follow this order. */
    public List<String> inputs() { return inputs; }

    /** The vector size asked for, for models that can shorten their vectors. */
    public OptionalInt dimensions() { return dimensions == null ? OptionalInt.empty() : OptionalInt.of(dimensions); }

    /** What the vectors are for. */
    public Optional<Purpose> purpose() { return Optional.ofNullable(purpose); }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmbeddingRequest r && inputs.equals(r.inputs) && Objects.equals(dimensions, r.dimensions)
                && purpose == r.purpose;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputs, dimensions, purpose);
    }

    /** Shows the count and settings, not the texts. */
    @Override
    public String toString() {
        return "EmbeddingRequest[inputs=" + inputs.size() + ", dimensions=" + dimensions + ", purpose=" + purpose + "]";
    }

    /** Builds an {@link EmbeddingRequest}. */
    public static final class Builder {
        private final List<String> inputs = new ArrayList<>();
        private Integer dimensions;
        private Purpose purpose;

        private Builder() {
        }

        /** Adds one text. */
        public Builder input(String text) {
            inputs.add(Objects.requireNonNull(text, "input: the text must not be null"));
            return this;
        }

        /** Adds texts in order. */
        public Builder inputs(List<String> inputs) {
            this.inputs.addAll(Arguments.listOf(inputs, "inputs"));
            return this;
        }

        /** The vector size to ask for, for models that can shorten their vectors; must be positive. */
        public Builder dimensions(int value) { this.dimensions = value; return this; }

        /** What the vectors are for; unset, the model's default. */
        public Builder purpose(Purpose value) { this.purpose = Objects.requireNonNull(value, "purpose"); return this; }

        public EmbeddingRequest build() {
            return new EmbeddingRequest(this);
        }
    }
}
