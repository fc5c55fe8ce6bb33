package dev.cloudai.pricing;

import dev.cloudai.internal.util.Arguments;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-token model prices and what a call cost by them. Immutable and thread-safe; {@link #cost} is exact
 * {@link BigDecimal} arithmetic over an in-memory map. A model without a row has no price: its cost is empty,
 * never zero.
 *
 * <pre>{@code
 * PriceTable prices = PriceTable.builtIn().withOverrides(PriceTable.fromCsv(Path.of("negotiated.csv")));
 * Optional<CallCost> cost = prices.cost("aws", "anthropic.claude-3-haiku-20240307-v1:0", response.usage());
 * cost.ifPresent(c -> System.out.println("$" + c.totalUsd().toPlainString() + " priced as " + c.pricedModel()));
 * }</pre>
 *
 * <p>How a call is priced: the uncached input tokens ({@link TokenUsage#inputTokens()} minus the cached and
 * cache-write tokens it includes) at the input price, the cached ones at the cached-input price, the cache-write
 * ones at the cache-write price, and the output tokens, reasoning included, at the output price. A count above zero
 * whose price the row does not hold makes the cost unknown (empty) rather than priced at another rate.
 *
 * <p>Bedrock inference profiles: on provider {@code aws}, a model id without a row of its own that starts with
 * {@code us.}, {@code eu.}, {@code apac.}, {@code jp.}, {@code au.} or {@code global.} is priced by the row of the
 * model id without that prefix. A profile priced differently from its base model (the Claude 4.5 generation's
 * geographic profiles cost more than its global ones) has a row of its own, which wins.
 */
public final class PriceTable {
    private static final String RESOURCE = "model-prices.csv";
    private static final String BEDROCK = "aws";
    /** Bedrock's system-defined cross-Region inference profile prefixes. */
    private static final List<String> PROFILE_PREFIXES = List.of("us.", "eu.", "apac.", "jp.", "au.", "global.");

    private final List<ModelPrice> prices;
    private final Map<String, ModelPrice> byKey;

    private PriceTable(List<ModelPrice> prices) {
        this.prices = List.copyOf(prices);
        Map<String, ModelPrice> index = new LinkedHashMap<>();
        Map<String, Integer> indexOf = new LinkedHashMap<>();
        for (int i = 0; i < this.prices.size(); i++) {
            ModelPrice p = this.prices.get(i);
            Integer first = indexOf.putIfAbsent(p.key(), i);
            if (first != null) {
                throw new IllegalArgumentException("prices[" + i + "]: repeats prices[" + first + "], " + p.provider()
                        + "/" + p.modelId() + "; a price table has one row per provider and model");
            }
            index.put(p.key(), p);
        }
        this.byKey = Collections.unmodifiableMap(index);
    }

    /** The table shipped with the SDK: cited list prices of the models the examples and the README use. */
    public static PriceTable builtIn() {
        return BuiltIn.TABLE;
    }

    /**
     * A table of exactly these prices.
     *
     * @throws IllegalArgumentException when two prices have the same provider and model, in any letter case
     */
    public static PriceTable of(List<ModelPrice> prices) {
        return new PriceTable(Arguments.listOf(prices, "prices"));
    }

    /**
     * A table read from a CSV file in the format of the built-in {@code model-prices.csv}: the header
     * {@code provider,model,input_usd_per_1m,output_usd_per_1m,cached_input_usd_per_1m,cache_write_usd_per_1m,source,source_date,notes},
     * then one row per provider and model, prices in USD per million tokens, an empty cell for a price not published.
     *
     * @throws IllegalArgumentException for a malformed row, naming the file, the line and the column, or for a row
     *                                  that repeats another (same provider and model), naming both lines
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static PriceTable fromCsv(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return new PriceTable(PriceCsv.read(in, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the price file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * This table with {@code overrides} applied: an override row replaces the row with the same provider and model
     * (in any letter case) in place; the other override rows are added at the end.
     */
    public PriceTable withOverrides(PriceTable overrides) {
        Objects.requireNonNull(overrides, "overrides");
        Map<String, ModelPrice> merged = new LinkedHashMap<>(byKey);
        for (ModelPrice p : overrides.prices) merged.put(p.key(), p);
        return new PriceTable(new ArrayList<>(merged.values()));
    }

    /** Every row, in table order. */
    public List<ModelPrice> prices() {
        return prices;
    }

    /**
     * The price row for a model: its own row, else, for a Bedrock inference profile id ({@code aws} and a prefix
     * such as {@code us.}), its base model's row; empty when the table has neither.
     */
    public Optional<ModelPrice> find(String provider, String modelId) {
        Arguments.requireText(provider, "provider");
        Arguments.requireText(modelId, "modelId");
        ModelPrice own = byKey.get(ModelPrice.key(provider, modelId));
        if (own != null || !provider.strip().equalsIgnoreCase(BEDROCK)) return Optional.ofNullable(own);
        String id = modelId.strip();
        for (String prefix : PROFILE_PREFIXES) {
            if (id.regionMatches(true, 0, prefix, 0, prefix.length()) && id.length() > prefix.length()) {
                return Optional.ofNullable(byKey.get(ModelPrice.key(provider, id.substring(prefix.length()))));
            }
        }
        return Optional.empty();
    }

    /**
     * What a call with this usage cost, by the row {@link #find} gives; empty when the model has no row, when the
     * usage has tokens of a kind the row has no price for, or when the usage's cached and cache-write tokens exceed
     * its input tokens (they are part of them).
     */
    public Optional<CallCost> cost(String provider, String modelId, TokenUsage usage) {
        Objects.requireNonNull(usage, "usage");
        return find(provider, modelId).flatMap(p -> cost(p, usage));
    }

    private static Optional<CallCost> cost(ModelPrice p, TokenUsage u) {
        long uncached = (long) u.inputTokens() - u.cachedInputTokens() - u.cacheWriteInputTokens();
        if (uncached < 0) return Optional.empty();
        Optional<BigDecimal> output = times(u.outputTokens(), p.outputPerMillion());
        Optional<BigDecimal> cached = times(u.cachedInputTokens(), p.cachedInputPerMillion());
        Optional<BigDecimal> written = times(u.cacheWriteInputTokens(), p.cacheWritePerMillion());
        if (output.isEmpty() || cached.isEmpty() || written.isEmpty()) return Optional.empty();
        BigDecimal input = perToken(uncached, p.inputPerMillion());
        return Optional.of(new CallCost(input, output.get(), cached.get().add(written.get()), p.modelId(),
                p.source() + " (" + p.sourceDate() + ")"));
    }

    /** {@code tokens} at a price per million; zero tokens cost nothing whatever the price, even an unpublished one. */
    private static Optional<BigDecimal> times(int tokens, Optional<BigDecimal> perMillion) {
        if (tokens == 0) return Optional.of(BigDecimal.ZERO);
        return perMillion.map(price -> perToken(tokens, price));
    }

    /** Exact: a decimal times a whole number, its point moved six places, never rounds. */
    private static BigDecimal perToken(long tokens, BigDecimal perMillion) {
        return perMillion.multiply(BigDecimal.valueOf(tokens)).movePointLeft(6);
    }

    @Override
    public String toString() {
        return "PriceTable[" + prices.size() + " prices]";
    }

    /** The built-in table, loaded on first use. */
    private static final class BuiltIn {
        static final PriceTable TABLE = read();

        private static PriceTable read() {
            try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException("The built-in price resource " + RESOURCE + " is missing from sdk-api");
                return new PriceTable(PriceCsv.read(in, "built-in " + RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
