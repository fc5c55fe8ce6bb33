package dev.cloudai.cli;

import dev.cloudai.batch.BatchEstimate;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchRequest;
import dev.cloudai.batch.BatchResults;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.batch.Batches;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code cloudai batch submit FILE.jsonl}: the prompts (or, with {@code --embeddings}, texts) of a neutral JSONL file
 * ({@link BatchInput}) as one batch job; {@code --estimate} only sizes and prices it; {@code --wait} waits for it with
 * progress on stderr, and {@code --output} then writes its results ({@link BatchOutput}).
 */
@Command(name = "submit", description = {"Submit the lines of a JSONL file as one batch job and print its id.",
        "Chat lines: {\"custom_id\":\"t-1\",\"prompt\":\"...\"} or {\"custom_id\":\"t-1\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"...\"}]}, optionally with \"system\", \"max_tokens\", \"temperature\".",
        "Embedding lines (--embeddings): {\"custom_id\":\"d-1\",\"text\":\"...\"}."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai batch submit prompts.jsonl --estimate",
                "  cloudai batch submit prompts.jsonl --wait 1h --output answers.jsonl",
                "  cloudai batch submit texts.jsonl --embeddings --model embed --name corpus-2026 --live"})
final class BatchSubmitCommand extends BatchSubcommand {

    @Parameters(index = "0", paramLabel = "FILE.jsonl", description = "One JSON object per line, each with a unique custom_id.")
    Path file;

    @Option(names = "--model", paramLabel = "NAME",
            description = "A model alias from cloudai.models.<alias>.<provider>, or a native model id."
                    + " Default: the alias 'default' (chat) or 'embed' (--embeddings).")
    String model;

    @Option(names = "--embeddings", description = "The lines are texts to embed, not prompts.")
    boolean embeddings;

    @Option(names = "--name", paramLabel = "NAME", description = "The job's name in the cloud's console (letters, digits, '-').")
    String name;

    @Option(names = "--estimate", description = "Only print the job's size, estimated input tokens and cost; submit nothing.")
    boolean estimate;

    @Option(names = "--wait", paramLabel = "DURATION",
            description = "Wait up to this long for the job to end (90s, 30m, 24h), with progress on stderr.")
    String wait;

    @Option(names = "--output", paramLabel = "FILE",
            description = "With --wait: write the results as JSONL to this file once the job has ended.")
    Path output;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        if (output != null && wait == null) {
            throw new IllegalArgumentException("output: --output writes the results after --wait; without it, read them"
                    + " later with 'cloudai batch results ID --output FILE'");
        }
        Duration timeout = wait == null ? null : SpecOptions.duration(wait, "wait");
        BatchKind kind = embeddings ? BatchKind.EMBEDDINGS : BatchKind.CHAT;
        String m = model == null || model.isBlank() ? (embeddings ? "embed" : "default") : model.strip();
        BatchRequest.Builder b = BatchRequest.builder(kind, m).items(new BatchInput(file, kind));
        if (name != null) b.displayName(name);
        BatchRequest request = b.build();
        Batches batches = session.ai().batches();

        if (estimate) {
            BatchEstimate e = batches.estimate(request);
            out.println("Batch of " + e.records() + " " + (embeddings ? "texts" : "prompts") + " on "
                    + session.ai().providerId() + " (" + m + "): " + e.inputBytes() + " bytes of input, about "
                    + e.inputTokens() + " input tokens (4 characters per token)");
            out.println("  input cost at the batch price: "
                    + e.cost().map(c -> "$" + c.totalUsd().stripTrailingZeros().toPlainString() + " (" + c.source() + ")")
                    .orElse("unknown (no published price for this model)"));
            out.println("  limits: " + e.limits().minRecords() + " to " + e.limits().maxRecords() + " items, "
                    + e.limits().maxInputBytes() + " bytes per job");
            out.flush();
            return ExitCodes.OK;
        }

        BatchJob job = batches.submit(request);
        out.println("Submitted batch job " + job.id());
        out.flush();
        if (timeout == null) {
            BatchJobs.print(job, out);
            out.println("Follow it with: cloudai batch status " + job.id());
            out.flush();
            return ExitCodes.OK;
        }
        err.println("Waiting up to " + timeout + " for " + job.id() + "...");
        err.flush();
        String[] last = {""};
        BatchJob done = batches.await(job.id(), timeout, j -> {
            String now = j.status() + ", " + BatchJobs.counts(j);
            if (!now.equals(last[0])) {
                err.println("  " + now);
                err.flush();
                last[0] = now;
            }
        });
        BatchJobs.print(done, out);
        if (done.status() != BatchStatus.COMPLETED) {
            err.println("The job ended " + done.status() + done.message().map(msg -> ": " + msg).orElse("") + ".");
            err.flush();
            return ExitCodes.CLOUD;
        }
        if (output != null) {
            try (BatchResults results = batches.results(done.id())) {
                BatchOutput.Written w = BatchOutput.write(results, output, out);
                out.println("Wrote " + w.results() + " results to " + output + " (" + w.failed() + " failed" + w.costSummary() + ")");
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
