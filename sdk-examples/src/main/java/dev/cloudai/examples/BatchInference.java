package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.batch.BatchEstimate;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.batch.Batches;
import dev.cloudai.invocation.CallCost;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classify 100 support tickets as one batch job on the provider's own batch engine (Bedrock batch inference, Vertex
 * AI batch prediction, Azure OpenAI Batch), at about half the on-demand price: estimate it, submit it, wait with
 * progress, then read the answers back by custom id, a failed item among them being a result too. 100 is Bedrock's
 * minimum per job. The job id is all another process needs to wait for the job or read its results later.
 *
 * <pre>{@code
 * BatchJob job = ai.batches().submit(BatchRequest.builder(BatchKind.CHAT, "default").items(items).build());
 * job = ai.batches().await(job.id(), Duration.ofHours(24), j -> log.info("{} {}", j.status(), j.counts()));
 * try (BatchResults results = ai.batches().results(job.id())) { for (BatchResult r : results) ... }
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.BatchInference [--provider gcp] [--live]}. Live, the provider's
 * batch keys must be set besides the usual ones (for example the S3 bucket and IAM role of Bedrock batch inference,
 * the Cloud Storage bucket of Vertex AI; the README's "Batch inference" section lists them), and the job runs for
 * minutes to hours.
 */
public final class BatchInference {
    /** Bedrock's minimum number of items per job; the other clouds take fewer. */
    static final int TICKETS = 100;
    private static final String[] SUBJECTS = {"my parcel is late", "please refund my order", "the size is wrong",
            "I was charged twice", "where is my invoice"};

    private BatchInference() {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, BatchInference::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        List<BatchItem> tickets = new ArrayList<>();
        for (int i = 0; i < TICKETS; i++) {
            tickets.add(BatchItem.chat(String.format("ticket-%03d", i), ChatRequest.builder()
                    .system("Classify the support ticket as one of: delivery, refund, size, billing. Answer with the word.")
                    .user("Ticket " + i + ": " + SUBJECTS[i % SUBJECTS.length]).maxTokens(5).build()));
        }
        try (CloudAi ai = cloud.connect()) {
            Batches batches = ai.batches();
            BatchRequest request = BatchRequest.builder(BatchKind.CHAT, "default").items(tickets)
                    .displayName("ticket-triage").build();

            BatchEstimate estimate = batches.estimate(request);
            out.println("Estimate: " + estimate.records() + " items, " + estimate.inputBytes() + " bytes, about "
                    + estimate.inputTokens() + " input tokens, "
                    + estimate.cost().map(c -> "$" + c.totalUsd().stripTrailingZeros().toPlainString() + " at the batch price")
                    .orElse("no published price"));

            BatchJob job = batches.submit(request);
            out.println("Submitted " + job.id() + " on " + job.provider());
            String[] last = {""};
            job = batches.await(job.id(), cloud.live() ? Duration.ofHours(24) : Duration.ofMinutes(1), j -> {
                String now = j.status() + " " + j.counts().done() + "/" + j.counts().total();
                if (!now.equals(last[0])) out.println("  " + now);
                last[0] = now;
            });
            if (job.status() != BatchStatus.COMPLETED) {
                out.println("The job ended " + job.status() + job.message().map(m -> ": " + m).orElse(""));
                return;
            }

            Map<String, Integer> labels = new TreeMap<>();
            List<String> failed = new ArrayList<>();
            BigDecimal cost = BigDecimal.ZERO;   // what the answers cost at the batch price, summed from each one's cost
            try (BatchResults results = batches.results(job.id())) {
                for (BatchResult r : results) {
                    if (r.succeeded()) {
                        ChatResponse answer = r.chat().orElseThrow();
                        labels.merge(answer.text().strip(), 1, Integer::sum);
                        cost = cost.add(answer.cost().map(CallCost::totalUsd).orElse(BigDecimal.ZERO));
                    } else {
                        failed.add(r.customId() + " (" + r.error().orElseThrow().getClass().getSimpleName() + ")");
                    }
                }
            }
            out.println("Answers: " + labels);
            out.println("Failed:  " + (failed.isEmpty() ? "none" : String.join(", ", failed)));
            out.println("Cost:    " + (cost.signum() == 0 ? "no published price" : "$" + cost.stripTrailingZeros().toPlainString()
                    + " at the batch price"));
        }
    }
}
