package dev.cloudai.pricing;

import dev.cloudai.invocation.TokenUsage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped table: every row cited and dated, the models the examples name priced, the rest left unknown. */
class BuiltInPricesTest {
    private static final Pattern SOURCE_KEY = Pattern.compile("src:[a-z0-9-]+");

    private static String sources() throws IOException {
        try (InputStream in = PriceTable.class.getResourceAsStream("SOURCES.md")) {
            assertTrue(in != null, "SOURCES.md sits beside model-prices.csv");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyRowCitesItsSourceAndDateAndEverySourceKeyIsExplained() throws IOException {
        String sources = sources();
        List<ModelPrice> prices = PriceTable.builtIn().prices();
        assertFalse(prices.isEmpty());
        for (ModelPrice p : prices) {
            assertTrue(p.source().startsWith("https://"), p.modelId() + ": source is a URL, was " + p.source());
            assertTrue(p.sourceDate().isAfter(LocalDate.of(2024, 1, 1)) && !p.sourceDate().isAfter(LocalDate.of(2026, 12, 31)),
                    p.modelId() + ": source date " + p.sourceDate());
            Matcher m = SOURCE_KEY.matcher(p.notes());
            assertTrue(m.find(), p.modelId() + ": notes name a source key of SOURCES.md");
            m.reset();
            while (m.find()) {
                assertTrue(sources.contains("## " + m.group()) || sources.contains(" " + m.group() + " "),
                        p.modelId() + ": SOURCES.md explains " + m.group());
            }
        }
    }

    @Test
    void theModelsTheExamplesNameArePricedOnTheirCloud() {
        PriceTable t = PriceTable.builtIn();
        for (List<String> m : List.of(List.of("aws", "anthropic.claude-3-haiku-20240307-v1:0"),
                List.of("aws", "amazon.titan-embed-text-v2:0"), List.of("aws", "cohere.embed-english-v3"),
                List.of("gcp", "gemini-2.0-flash-001"), List.of("azure", "gpt-4o"), List.of("azure", "text-embedding-3-small"),
                List.of("aws", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                List.of("aws", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                List.of("aws", "eu.anthropic.claude-haiku-4-5-20251001-v1:0"))) {
            assertTrue(t.cost(m.get(0), m.get(1), new TokenUsage(1000, 0)).isPresent(), m.toString());
        }
    }

    @Test
    void profilesOfTheOlderModelsResolveAndTheClaude45GeographicProfilesCostMoreThanGlobal() {
        PriceTable t = PriceTable.builtIn();
        assertEquals("anthropic.claude-3-haiku-20240307-v1:0",
                t.cost("aws", "us.anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(10, 10)).orElseThrow().pricedModel());
        TokenUsage u = new TokenUsage(1_000_000, 1_000_000);
        var global = t.cost("aws", "global.anthropic.claude-sonnet-4-5-20250929-v1:0", u).orElseThrow().totalUsd();
        var us = t.cost("aws", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", u).orElseThrow().totalUsd();
        assertEquals(0, new java.math.BigDecimal("18.00").compareTo(global));
        assertEquals(0, new java.math.BigDecimal("19.80").compareTo(us));
    }

    @Test
    void whatNoSourcePricesPerTokenStaysUnknown() {
        PriceTable t = PriceTable.builtIn();
        assertEquals(Optional.empty(), t.find("gcp", "text-embedding-005"), "Vertex prices it per character");
        assertEquals(Optional.empty(), t.find("aws", "anthropic.claude-sonnet-4-5-20250929-v1:0"),
                "a bare Claude 4.5 id is a regional call, priced above the global figure LiteLLM gives it");
        assertEquals(Optional.empty(), t.find("aws", "apac.anthropic.claude-sonnet-4-5-20250929-v1:0"));
    }
}
