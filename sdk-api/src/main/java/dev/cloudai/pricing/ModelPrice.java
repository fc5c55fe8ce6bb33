package dev.cloudai.pricing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One model's published per-token prices on one provider, in US dollars per million tokens, with where they come
 * from. A price that was not published is empty, never zero: an embedding model has no output price, a model
 * without prompt caching no cache prices.
 *
 * <pre>{@code
 * ModelPrice haiku = new ModelPrice("aws", "anthropic.claude-3-haiku-20240307-v1:0", new BigDecimal("0.25"),
 *         Optional.of(new BigDecimal("1.25")), Optional.empty(), Optional.empty(),
 *         "https://aws.amazon.com/bedrock/pricing/", LocalDate.of(2026, 7, 24), "");
 * PriceTable.builtIn().find("aws", "us.anthropic.claude-3-haiku-20240307-v1:0")
 *         .ifPresent(p -> System.out.println(p.modelId() + " $" + p.inputPerMillion() + "/M in"));
 * }</pre>
 *
 * @param provider the provider id the price applies to: {@code aws}, {@code gcp}, {@code azure}
 * @param modelId the model id as calls name it (a Bedrock model or inference profile id, a Vertex model, an Azure
 *                deployment name); matched in any letter case
 * @param inputPerMillion USD per million uncached input tokens
 * @param outputPerMillion USD per million output tokens, reasoning tokens included; empty when not published
 * @param cachedInputPerMillion USD per million input tokens read from the prompt cache; empty when not published
 * @param cacheWritePerMillion USD per million input tokens written to the prompt cache; empty when not published
 * @param source where the figures were read: a URL, or a repository file at a commit
 * @param sourceDate the date the figures were read or published
 * @param notes how far to trust the row, or how the provider bills what the row does not hold; may be empty
 */
public record ModelPrice(String provider, String modelId, BigDecimal inputPerMillion,
                         Optional<BigDecimal> outputPerMillion, Optional<BigDecimal> cachedInputPerMillion,
                         Optional<BigDecimal> cacheWritePerMillion, String source, LocalDate sourceDate,
                         String notes) {

    public ModelPrice {
        if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
        if (modelId == null || modelId.isBlank()) throw new IllegalArgumentException("modelId: must not be blank");
        provider = provider.strip();
        modelId = modelId.strip();
        requirePrice(inputPerMillion, "inputPerMillion");
        requirePrice(outputPerMillion, "outputPerMillion");
        requirePrice(cachedInputPerMillion, "cachedInputPerMillion");
        requirePrice(cacheWritePerMillion, "cacheWritePerMillion");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source: must not be blank; a price says where it comes from");
        }
        Objects.requireNonNull(sourceDate, "sourceDate");
        Objects.requireNonNull(notes, "notes");
    }

    /** Provider and model in lower case: the identity of a row in a {@link PriceTable}. */
    String key() {
        return key(provider, modelId);
    }

    static String key(String provider, String modelId) {
        return provider.strip().toLowerCase(Locale.ROOT) + "/" + modelId.strip().toLowerCase(Locale.ROOT);
    }

    private static void requirePrice(Optional<BigDecimal> value, String field) {
        Objects.requireNonNull(value, field);
        value.ifPresent(v -> requirePrice(v, field));
    }

    private static void requirePrice(BigDecimal value, String field) {
        Objects.requireNonNull(value, field);
        if (value.signum() < 0) throw new IllegalArgumentException(field + ": must not be negative, was " + value);
    }
}
