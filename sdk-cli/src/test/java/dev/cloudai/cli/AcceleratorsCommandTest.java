package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accelerator command needs no cloud: the embedded connector starts no emulator for it. */
class AcceleratorsCommandTest {

    private static Cli.Result cloudai(String... args) {
        return Cli.run(Connector.embedded(), args);
    }

    @Test
    void listsInferentiaOffersCheapestFirstInAnAlignedTable() {
        Cli.Result r = cloudai("accelerators", "--accelerator", "inf2", "--platform", "sagemaker");
        assertEquals(0, r.exitCode(), r::toString);
        String[] lines = r.out().split("\\R");
        assertTrue(lines[0].matches("cloud\\s+platform\\s+region\\s+instance\\s+accelerator\\s+count\\s+GiB each\\s+\\$/hour"), lines[0]);
        assertTrue(lines[1].matches("aws\\s+sagemaker\\s+us-east-1\\s+ml\\.inf2\\.xlarge\\s+Inferentia2\\s+1\\s+32\\s+0\\.99"), lines[1]);
        assertEquals(lines[0].indexOf("accelerator"), lines[1].indexOf("Inferentia2"), "columns line up");
        assertTrue(r.out().contains("Best: ml.inf2.xlarge: "), r::toString);
        double previous = 0;
        for (int i = 1; i < lines.length && lines[i].startsWith("aws"); i++) {
            double price = Double.parseDouble(lines[i].substring(lines[i].lastIndexOf(' ') + 1));
            assertTrue(price >= previous, "cheapest first: " + r.out());
            previous = price;
        }
    }

    @Test
    void printsJsonThatParsesWithEveryFilterApplied() throws Exception {
        Cli.Result r = cloudai("accelerators", "--workload", "training", "--accelerator", "trn1,v5e,H100",
                "--cloud", "aws,gcp", "--min-count", "8", "--format", "json", "--limit", "3");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("matches").asInt() > 3, r::toString);
        assertEquals(3, doc.get("offers").size());
        for (JsonNode offer : doc.get("offers")) {
            assertTrue(offer.get("cloud").asText().matches("aws|gcp"), offer::toString);
            assertTrue(offer.get("accelerator").asText().matches("Trainium|TPU-v5e|H100"), offer::toString);
            assertTrue(offer.get("acceleratorCount").asDouble() >= 8, offer::toString);
            assertTrue(offer.get("reasons").size() > 0, offer::toString);
            assertTrue(offer.get("priceUsed").isNumber(), offer::toString);
        }
    }

    @Test
    void withoutWorkloadAnyWorkloadQualifiesSoEightH100sAnywhereListsTrainingVms() throws Exception {
        Cli.Result r = cloudai("accelerators", "--accelerator", "H100", "--min-count", "8", "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertTrue(doc.get("requirement").asText().startsWith("AcceleratorRequirement[workload=any"), r::toString);
        assertEquals("a3-highgpu-8g", doc.get("offers").get(0).get("instanceType").asText(), r::toString);
    }

    @Test
    void listsTheSameUnpricedVertexOfferAPlanWouldChoose() throws Exception {
        // No Vertex prediction row for A100 80GB has a cited price; a plan on Vertex picks a2-ultragpu-1g, and so does this.
        Cli.Result r = cloudai("accelerators", "--accelerator", "A100-80GB", "--platform", "vertex", "--region", "us-central1",
                "--format", "json");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode first = new ObjectMapper().readTree(r.out()).get("offers").get(0);
        assertEquals("a2-ultragpu-1g", first.get("instanceType").asText(), r::toString);
        assertTrue(first.get("reasons").toString().contains("no published on-demand price in the catalog"), r::toString);
    }

    @Test
    void aModelSizeAndSpotPricingChooseAndSayWhy() {
        Cli.Result r = cloudai("accelerators", "--model-size", "70", "--precision", "bf16", "--spot", "--limit", "1");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("spot $/hour"), r::toString);
        assertTrue(r.out().contains("fits a 70B BF16 model for inference"), r::toString);
        assertTrue(r.out().matches("(?s).*\\(1 of \\d+ offers; --limit shows more\\).*"), r::toString);
    }

    @Test
    void theProviderOptionNarrowsToOneCloud() throws Exception {
        Cli.Result r = cloudai("accelerators", "--provider", "gcp", "--format", "json", "--limit", "100");
        assertEquals(0, r.exitCode(), r::toString);
        for (JsonNode offer : new ObjectMapper().readTree(r.out()).get("offers")) {
            assertEquals("gcp", offer.get("cloud").asText());
        }
    }

    @Test
    void whenNothingFitsExplainSaysWhichConstraintRemovedWhat() {
        Cli.Result r = cloudai("accelerators", "--cloud", "aws", "--min-memory", "141", "--max-price", "10", "--explain");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("No offer fits "), r::toString);
        assertTrue(r.out().contains("accelerator memory >= 141 GiB per device: removes"), r::toString);
        assertTrue(r.out().contains("nearest misses:"), r::toString);

        Cli.Result terse = cloudai("accelerators", "--cloud", "aws", "--min-memory", "141", "--max-price", "10");
        assertTrue(terse.out().contains("Add --explain"), terse::toString);
        assertFalse(terse.out().contains("nearest misses:"), terse::toString);
    }

    @Test
    void explainComesInTheJsonToo() throws Exception {
        // Azure's H200 rows have no cited price: without a budget they would be listed (the unpriced fallback), so a
        // budget makes nothing fit, and the explanation says what would admit them.
        Cli.Result r = cloudai("accelerators", "--accelerator", "H200", "--cloud", "azure", "--max-price", "1000",
                "--format", "json", "--explain");
        assertEquals(0, r.exitCode(), r::toString);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(0, doc.get("matches").asInt());
        assertTrue(doc.get("explanation").asText().contains("offers considered, 0 left"), r::toString);
        assertTrue(doc.get("explanation").asText().contains("allowUnpriced(true) admits the"), r::toString);
    }

    @Test
    void anUnknownAcceleratorIsABadArgumentNamingTheOption() {
        Cli.Result r = cloudai("accelerators", "--accelerator", "H1000");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (--accelerator): accelerators: unknown accelerator 'H1000'"), r::toString);
        assertTrue(r.err().contains("H100"), "lists the known names: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownCloudIsABadArgumentToo() {
        Cli.Result r = cloudai("accelerators", "--cloud", "ibm");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("(--cloud): clouds: unknown value 'ibm'; use one of [aws, azure, gcp]"), r::toString);
    }

    @Test
    void aMalformedNumberOrWorkloadIsAUsageError() {
        Cli.Result number = cloudai("accelerators", "--min-memory", "lots");
        assertEquals(ExitCodes.USAGE, number.exitCode(), number::toString);
        assertTrue(number.err().contains("--min-memory"), number::toString);

        Cli.Result workload = cloudai("accelerators", "--workload", "gaming");
        assertEquals(ExitCodes.USAGE, workload.exitCode(), workload::toString);
        assertTrue(workload.err().contains("Invalid value for option '--workload'"), workload::toString);
        assertTrue(workload.err().contains("INFERENCE"), workload::toString);
    }

    @Test
    void pricingSpotIsTheSameAsTheSpotFlag() {
        Cli.Result flag = cloudai("accelerators", "--workload", "training", "--accelerator", "H100", "--spot");
        Cli.Result pricing = cloudai("accelerators", "--workload", "training", "--accelerator", "H100", "--pricing", "spot");
        assertEquals(0, pricing.exitCode(), pricing::toString);
        assertEquals(flag.out(), pricing.out());
        assertTrue(pricing.out().split("\\R")[0].endsWith("spot $/hour"), pricing::toString);
    }

    @Test
    void aCommittedPricingModelNeedsARefreshedCatalogAndExplainSaysSo() throws Exception {
        // the built-in snapshot has no committed prices, and a commitment never falls back to unpriced offers
        Cli.Result r = cloudai("accelerators", "--accelerator", "H100", "--pricing", "committed-1y", "--explain");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("No offer fits AcceleratorRequirement[workload=any, accelerators=[H100], pricing=COMMITTED_1Y]"), r::toString);
        assertTrue(r.out().contains("1-year committed price published"), r::toString);
        assertTrue(r.out().contains("no offer in this catalog has a 1-year committed price; a refreshed catalog"), r::toString);

        JsonNode doc = new ObjectMapper().readTree(cloudai("accelerators", "--accelerator", "H100", "--pricing", "COMMITTED_3Y",
                "--format", "json", "--explain").out());
        assertEquals("committed-3y", doc.get("pricing").asText());
        assertEquals(0, doc.get("matches").asInt());
        assertTrue(doc.get("notes").get(0).asText().startsWith("no offer in this catalog has a 3-year committed price"), doc::toString);
    }

    @Test
    void spotAndAnotherPricingModelContradictAndTheErrorNamesTheOption() {
        Cli.Result r = cloudai("accelerators", "--spot", "--pricing", "committed-1y");
        assertEquals(ExitCodes.BAD_ARGUMENT, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("Bad argument (--pricing): pricing: spot(true) contradicts pricing(COMMITTED_1Y)"), r::toString);
        Cli.Result unknown = cloudai("accelerators", "--pricing", "monthly");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("'monthly' is not a pricing model; use on-demand, spot, committed-1y or committed-3y"),
                unknown::toString);
    }

    @Test
    void tokensPerSecondRanksByCostPerMillionTokensAndShowsBoth() throws Exception {
        Cli.Result table = cloudai("accelerators", "--platform", "sagemaker", "--accelerator", "L40S,A10G",
                "--tokens-per-second", "L40S=800,a10g=200", "--limit", "3");
        assertEquals(0, table.exitCode(), table::toString);
        String[] lines = table.out().split("\\R");
        assertTrue(lines[0].matches(".*\\$/hour\\s+tokens/s\\s+\\$/1M tokens"), lines[0]);
        // ml.g6e.xlarge: $2.6054/h over 800 x 3600 tokens an hour = $0.9047 per million
        assertTrue(lines[1].matches("aws\\s+sagemaker\\s+us-east-1\\s+ml\\.g6e\\.xlarge\\s+L40S\\s+1\\s+48\\s+2\\.61\\s+800\\s+0\\.9047"), lines[1]);
        assertTrue(table.out().contains("800 output tokens/s per L40S x 1 = 800 per instance: $0.90 per 1M output tokens on-demand"),
                table::toString);

        JsonNode doc = new ObjectMapper().readTree(cloudai("accelerators", "--platform", "sagemaker", "--accelerator", "L40S,A10G",
                "--tokens-per-second", "L40S=800,a10g=200", "--format", "json").out());
        assertEquals("cost-per-million-tokens", doc.get("rankBy").asText());
        double previous = 0;
        for (JsonNode offer : doc.get("offers")) {
            double cost = offer.get("costPerMillionTokens").asDouble();
            assertEquals(offer.get("priceUsed").asDouble() * 1_000_000 / (offer.get("outputTokensPerSecond").asDouble() * 3600), cost, 1e-12);
            assertTrue(cost >= previous, "cheapest per token first: " + doc);
            previous = cost;
        }
        assertEquals("ml.g6e.xlarge", doc.get("offers").get(0).get("instanceType").asText());
        assertEquals(800, doc.get("offers").get(0).get("outputTokensPerSecond").asDouble());
    }

    @Test
    void anInstanceTypeFigureIsPerInstanceAndRankByPriceKeepsThePriceOrder() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(cloudai("accelerators", "--platform", "sagemaker", "--accelerator", "inf2",
                "--region", "us-east-1", "--tokens-per-second", "ml.inf2.48xlarge=2400", "--rank-by", "price", "--format", "json").out());
        assertEquals("price", doc.get("rankBy").asText());
        JsonNode offers = doc.get("offers");
        assertEquals("ml.inf2.xlarge", offers.get(0).get("instanceType").asText(), "cheapest per hour first");
        assertTrue(offers.get(0).get("outputTokensPerSecond").isNull(), doc::toString);
        JsonNode big = offers.get(offers.size() - 1);
        assertEquals("ml.inf2.48xlarge", big.get("instanceType").asText());
        assertEquals(2400, big.get("outputTokensPerSecond").asDouble());
        assertEquals(15.58 * 1_000_000 / (2400 * 3600.0), big.get("costPerMillionTokens").asDouble());
    }

    @Test
    void aWrongThroughputFigureIsABadArgumentNamingTheOption() {
        Cli.Result unknown = cloudai("accelerators", "--tokens-per-second", "H10=100");
        assertEquals(ExitCodes.BAD_ARGUMENT, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().startsWith("Bad argument (--tokens-per-second): throughput: 'H10' is neither an accelerator nor"
                + " an instance type of the catalog"), unknown::toString);
        Cli.Result malformed = cloudai("accelerators", "--tokens-per-second", "H100:100");
        assertTrue(malformed.err().startsWith("Bad argument (--tokens-per-second): throughput: 'H100:100' is not"
                + " NAME=TOKENS_PER_SECOND"), malformed::toString);
        Cli.Result noFigure = cloudai("accelerators", "--rank-by", "cost-per-million-tokens");
        assertEquals(ExitCodes.BAD_ARGUMENT, noFigure.exitCode(), noFigure::toString);
        assertTrue(noFigure.err().startsWith("Bad argument (--rank-by): rankBy: COST_PER_MILLION_TOKENS needs at least one"
                + " throughput figure"), noFigure::toString);
    }

    @Test
    void startsNoEmulatorForTheCatalog() {
        Cli.Result r = cloudai("accelerators", "--accelerator", "v5e");
        assertEquals(0, r.exitCode(), r::toString);
        assertFalse(r.err().contains("CloudEmulator"), r::toString);
    }
}
