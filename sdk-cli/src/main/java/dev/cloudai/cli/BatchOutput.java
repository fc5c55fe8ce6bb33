package dev.cloudai.cli;

import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The neutral output of {@code cloudai batch results}: JSONL, one line per item as the cloud returns them, each under
 * its custom id with exactly one of {@code text} (a chat answer), {@code embedding} (a vector) or {@code error}
 * ({@code type}, the SDK's exception; {@code code}, the cloud's; {@code message}). An answer whose model has a price
 * also has {@code cost_usd}, what it cost at the batch price.
 *
 * <pre>
 * {"custom_id":"t-1","text":"Delivery","cost_usd":0.000001625}
 * {"custom_id":"t-2","error":{"type":"InvalidRequestException","code":"400","message":"..."}}
 * {"custom_id":"d-1","embedding":[0.012,-0.034,...]}
 * </pre>
 */
final class BatchOutput {
    private BatchOutput() {
    }

    /** How many results were written, how many of them failed, and what the priced answers cost together. */
    record Written(long results, long failed, long priced, BigDecimal costUsd) {

        /** ", cost $0.0123 at the batch price (99 priced answers)", or nothing when no answer had a price. */
        String costSummary() {
            return priced == 0 ? "" : ", cost $" + costUsd.stripTrailingZeros().toPlainString() + " at the batch price ("
                    + priced + " priced " + (priced == 1 ? "answer" : "answers") + ")";
        }
    }

    /** Writes every result to {@code file}, or to {@code out} when {@code file} is null; streams, holding one at a time. */
    static Written write(BatchResults results, Path file, PrintWriter out) {
        if (file == null) return write(results, out);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            return write(results, new PrintWriter(w));
        } catch (IOException e) {
            throw new IllegalArgumentException("output: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Written write(BatchResults results, PrintWriter out) {
        long n = 0;
        long failed = 0;
        long priced = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (BatchResult r : results) {
            n++;
            if (!r.succeeded()) failed++;
            Optional<CallCost> c = r.chat().flatMap(ChatResponse::cost);
            if (c.isPresent()) {
                priced++;
                cost = cost.add(c.get().totalUsd());
            }
            out.println(Json.write(line(r)));
        }
        out.flush();
        return new Written(n, failed, priced, cost);
    }

    static Map<String, Object> line(BatchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("custom_id", r.customId());
        r.chat().ifPresent(c -> m.put("text", c.text()));
        r.chat().flatMap(ChatResponse::cost).ifPresent(c -> m.put("cost_usd", c.totalUsd()));
        r.embedding().ifPresent(e -> m.put("embedding", e.vector()));
        r.error().ifPresent(e -> m.put("error", error(e)));
        return m;
    }

    private static Map<String, Object> error(CloudAiException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.getClass().getSimpleName());
        m.put("code", e.providerCode());
        m.put("message", e.getMessage());
        return m;
    }
}
