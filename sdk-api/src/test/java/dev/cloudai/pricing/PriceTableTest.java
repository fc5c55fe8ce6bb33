package dev.cloudai.pricing;

import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.TokenUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The price table on a small file of its own: which row prices a call, the exact arithmetic, and unknown staying
 * unknown. Figures are made up so that every product is easy to check by hand.
 */
class PriceTableTest {
    private static final String SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";

    private static Path file(Path dir, String... rows) throws Exception {
        return Files.writeString(dir.resolve("prices.csv"), PriceCsv.HEADER + "\n" + String.join("\n", rows) + "\n");
    }

    private static PriceTable table(Path dir) throws Exception {
        return PriceTable.fromCsv(file(dir,
                "# test prices",
                "aws,anthropic.claude-3-haiku-20240307-v1:0,0.25,1.25,,,https://example.test/aws,2026-07-24,",
                "aws," + SONNET + ",3.00,15.00,0.30,3.75,https://example.test/aws,2026-07-24,global price",
                "aws,us." + SONNET + ",3.30,16.50,0.33,4.125,https://example.test/aws,2026-07-24,geographic profile",
                "aws,amazon.titan-embed-text-v2:0,0.02,,,,https://example.test/aws,2026-07-24,no output price",
                "gcp,gemini-2.0-flash-001,0.15,0.60,0.0375,,https://example.test/gcp,2026-07-20,"));
    }

    private static BigDecimal usd(String value) {
        return new BigDecimal(value);
    }

    private static void assertUsd(String expected, BigDecimal actual) {
        assertEquals(0, usd(expected).compareTo(actual), "expected $" + expected + ", was $" + actual.toPlainString());
    }

    @Test
    void aKnownModelIsPricedExactlyPerMillionTokens(@TempDir Path dir) throws Exception {
        CallCost c = table(dir).cost("aws", "anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1_234, 567)).orElseThrow();
        assertUsd("0.0003085", c.inputUsd());            // 1,234 x 0.25 / 1M
        assertUsd("0.00070875", c.outputUsd());          // 567 x 1.25 / 1M
        assertUsd("0", c.cachedInputUsd());
        assertUsd("0.00101725", c.totalUsd());
        assertEquals("anthropic.claude-3-haiku-20240307-v1:0", c.pricedModel());
        assertEquals("https://example.test/aws (2026-07-24)", c.source());
    }

    @Test
    void aModelWithoutARowHasNoCostNotAZeroOne(@TempDir Path dir) throws Exception {
        PriceTable t = table(dir);
        assertEquals(Optional.empty(), t.cost("aws", "meta.llama3-70b-instruct-v1:0", new TokenUsage(100, 100)));
        assertEquals(Optional.empty(), t.find("azure", "gpt-4o"));
        assertEquals(Optional.empty(), t.cost("azure", "anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1, 1)),
                "a row prices its own provider only");
    }

    @Test
    void bedrockInferenceProfilesArePricedByTheirBaseModelsRow(@TempDir Path dir) throws Exception {
        PriceTable t = table(dir);
        for (String prefix : List.of("us.", "eu.", "apac.", "jp.", "au.", "global.", "US.")) {
            CallCost c = t.cost("aws", prefix + "anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1_000_000, 0)).orElseThrow();
            assertEquals("anthropic.claude-3-haiku-20240307-v1:0", c.pricedModel(), prefix);
            assertUsd("0.25", c.totalUsd());
        }
        assertEquals(SONNET, t.find("aws", "global." + SONNET).orElseThrow().modelId());
        assertEquals(SONNET, t.find("aws", "eu." + SONNET).orElseThrow().modelId());
    }

    @Test
    void aRowForTheProfileItselfWinsOverItsBaseModel(@TempDir Path dir) throws Exception {
        CallCost c = table(dir).cost("aws", "us." + SONNET, new TokenUsage(1_000_000, 1_000_000)).orElseThrow();
        assertEquals("us." + SONNET, c.pricedModel());
        assertUsd("3.30", c.inputUsd());
        assertUsd("16.50", c.outputUsd());
    }

    @Test
    void onlyBedrockIdsWithAKnownProfilePrefixResolve(@TempDir Path dir) throws Exception {
        PriceTable t = table(dir);
        assertEquals(Optional.empty(), t.find("gcp", "us.gemini-2.0-flash-001"), "prefixes are Bedrock's");
        assertEquals(Optional.empty(), t.find("aws", "us-gov.anthropic.claude-3-haiku-20240307-v1:0"), "GovCloud is priced apart");
        assertEquals(Optional.empty(), t.find("aws", "ca.anthropic.claude-3-haiku-20240307-v1:0"));
        assertEquals(Optional.empty(), t.find("aws", "us."));
    }

    @Test
    void providerAndModelMatchInAnyLetterCase(@TempDir Path dir) throws Exception {
        assertEquals("gemini-2.0-flash-001", table(dir).find("GCP", " Gemini-2.0-Flash-001 ").orElseThrow().modelId());
    }

    @Test
    void cachedInputIsPartOfInputAndPricedAtItsOwnRates(@TempDir Path dir) throws Exception {
        // 10,000 input tokens: 6,000 read from the cache, 1,000 written to it, so 3,000 uncached
        CallCost c = table(dir).cost("aws", SONNET, new TokenUsage(10_000, 2_000, 6_000, 1_000, 500)).orElseThrow();
        assertUsd("0.009", c.inputUsd());                // 3,000 x 3.00 / 1M
        assertUsd("0.00555", c.cachedInputUsd());        // 6,000 x 0.30 / 1M + 1,000 x 3.75 / 1M
        assertUsd("0.03", c.outputUsd());                // 2,000 x 15.00 / 1M: reasoning tokens are part of output
        assertUsd("0.04455", c.totalUsd());
    }

    @Test
    void tokensOfAKindWithoutAPublishedPriceMakeTheCostUnknown(@TempDir Path dir) throws Exception {
        PriceTable t = table(dir);
        assertEquals(Optional.empty(), t.cost("aws", "anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(100, 10, 50, 0, 0)),
                "cached tokens, no cached price");
        assertEquals(Optional.empty(), t.cost("gcp", "gemini-2.0-flash-001", new TokenUsage(100, 10, 0, 50, 0)),
                "cache writes, no cache-write price");
        assertEquals(Optional.empty(), t.cost("aws", "amazon.titan-embed-text-v2:0", new TokenUsage(100, 1)),
                "output tokens, no output price");
        CallCost embedding = t.cost("aws", "amazon.titan-embed-text-v2:0", new TokenUsage(500, 0)).orElseThrow();
        assertUsd("0.00001", embedding.totalUsd());
    }

    @Test
    void usageWhoseCachedTokensExceedItsInputHasNoCost(@TempDir Path dir) throws Exception {
        assertEquals(Optional.empty(), table(dir).cost("aws", SONNET, new TokenUsage(100, 10, 80, 30, 0)));
    }

    @Test
    void aUserFileReplacesRowsOfTheSameModelAndAddsTheRest(@TempDir Path dir) throws Exception {
        PriceTable base = table(dir);
        Path mine = Files.writeString(dir.resolve("mine.csv"), PriceCsv.HEADER + "\n"
                + "AWS,Anthropic.Claude-3-Haiku-20240307-v1:0,0.20,1.00,,,negotiated contract 42,2026-11-01,our rate\n"
                + "azure,gpt-4o,2.50,10.00,1.25,,https://example.test/azure,2026-07-24,\n");
        PriceTable merged = base.withOverrides(PriceTable.fromCsv(mine));
        assertEquals(base.prices().size() + 1, merged.prices().size());
        assertEquals(0, merged.prices().indexOf(merged.find("aws", "anthropic.claude-3-haiku-20240307-v1:0").orElseThrow()),
                "replaced in place");
        CallCost c = merged.cost("aws", "eu.anthropic.claude-3-haiku-20240307-v1:0", new TokenUsage(1_000_000, 0)).orElseThrow();
        assertUsd("0.20", c.totalUsd());
        assertEquals("negotiated contract 42 (2026-11-01)", c.source());
        assertTrue(merged.find("azure", "gpt-4o").isPresent());
        assertUsd("0.25", base.find("aws", "anthropic.claude-3-haiku-20240307-v1:0").orElseThrow().inputPerMillion());
    }

    @Test
    void aRowReadFromTheFileHoldsEveryColumn(@TempDir Path dir) throws Exception {
        assertEquals(new ModelPrice("aws", "us." + SONNET, usd("3.30"), Optional.of(usd("16.50")), Optional.of(usd("0.33")),
                        Optional.of(usd("4.125")), "https://example.test/aws", LocalDate.of(2026, 7, 24), "geographic profile"),
                table(dir).find("aws", "us." + SONNET).orElseThrow());
    }

    @Test
    void aBadRowFailsNamingTheFileTheLineAndTheColumn(@TempDir Path dir) throws Exception {
        String ok = "aws,m1,0.25,1.25,,,https://example.test,2026-07-24,";
        assertBad(dir, "aws,m2,-1,1.25,,,https://example.test,2026-07-24,", ":3, column input_usd_per_1m: '-1' is not a price");
        assertBad(dir, "aws,m2,0.25,1e3,,,https://example.test,2026-07-24,", ":3, column output_usd_per_1m: '1e3' is not a price");
        assertBad(dir, "aws,m2,,1.25,,,https://example.test,2026-07-24,", ":3, column input_usd_per_1m: '' must not be empty");
        assertBad(dir, "aws,m2,0.25,1.25,abc,,https://example.test,2026-07-24,", ":3, column cached_input_usd_per_1m: 'abc' is not a price");
        assertBad(dir, "aws,m2,0.25,1.25,,,,2026-07-24,", ":3, column source: '' must not be empty");
        assertBad(dir, "aws,m2,0.25,1.25,,,https://example.test,24.07.2026,", ":3, column source_date: '24.07.2026' is not a date");
        assertBad(dir, "Amazon Web Services,m2,0.25,1.25,,,https://example.test,2026-07-24,",
                ":3, column provider: 'Amazon Web Services' is not a provider id");
        assertBad(dir, "aws,,0.25,1.25,,,https://example.test,2026-07-24,", ":3, column model: '' must not be empty");
        assertBad(dir, "aws,m2,0.25,1.25,,,https://example.test,2026-07-24,a note, with a comma", ":3: expected 9 columns, found 10");
        Path wrongHeader = Files.writeString(dir.resolve("header.csv"), "provider,model,input,output\n" + ok + "\n");
        var e = assertThrows(IllegalArgumentException.class, () -> PriceTable.fromCsv(wrongHeader));
        assertTrue(e.getMessage().startsWith(wrongHeader + ":1: the header must be exactly"), e.getMessage());
    }

    private static void assertBad(Path dir, String row, String expected) throws Exception {
        Path f = file(dir, "aws,m1,0.25,1.25,,,https://example.test,2026-07-24,", row);
        var e = assertThrows(IllegalArgumentException.class, () -> PriceTable.fromCsv(f));
        assertTrue(e.getMessage().startsWith(f + expected), e.getMessage());
    }

    @Test
    void aRepeatedRowFailsWithBothLineNumbers(@TempDir Path dir) throws Exception {
        Path f = file(dir,
                "aws,anthropic.claude-3-haiku-20240307-v1:0,0.25,1.25,,,https://example.test,2026-07-24,",
                "gcp,gemini-2.0-flash-001,0.15,0.60,,,https://example.test,2026-07-24,",
                "",
                "AWS,Anthropic.Claude-3-Haiku-20240307-v1:0,0.20,1.00,,,https://example.test,2026-07-24,cheaper");
        var e = assertThrows(IllegalArgumentException.class, () -> PriceTable.fromCsv(f));
        assertEquals(f + ":5: line 5 repeats line 2: aws,Anthropic.Claude-3-Haiku-20240307-v1:0; a price table has one row"
                + " per provider and model, so remove one of them", e.getMessage());
    }

    @Test
    void pricesGivenInCodeMayNotRepeatEither() {
        ModelPrice p = new ModelPrice("aws", "m", usd("1"), Optional.empty(), Optional.empty(), Optional.empty(),
                "https://example.test", LocalDate.of(2026, 7, 24), "");
        var e = assertThrows(IllegalArgumentException.class, () -> PriceTable.of(List.of(p, p)));
        assertEquals("prices[1]: repeats prices[0], aws/m; a price table has one row per provider and model", e.getMessage());
    }

    @Test
    void aPriceRefusesWhatWouldMakeACostMeaningless() {
        LocalDate d = LocalDate.of(2026, 7, 24);
        assertEquals("outputPerMillion: must not be negative, was -0.5", assertThrows(IllegalArgumentException.class,
                () -> new ModelPrice("aws", "m", usd("1"), Optional.of(usd("-0.5")), Optional.empty(), Optional.empty(),
                        "s", d, "")).getMessage());
        assertEquals("source: must not be blank; a price says where it comes from", assertThrows(IllegalArgumentException.class,
                () -> new ModelPrice("aws", "m", usd("1"), Optional.empty(), Optional.empty(), Optional.empty(), " ", d, ""))
                .getMessage());
        assertEquals("modelId: must not be blank", assertThrows(IllegalArgumentException.class,
                () -> PriceTable.builtIn().find("aws", "")).getMessage());
    }
}
