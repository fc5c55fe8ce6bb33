package dev.cloudai.cli;

import dev.cloudai.batch.BatchResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code cloudai batch results ID}: a finished job's results as JSONL ({@link BatchOutput}), streamed. */
@Command(name = "results", description = {"Write a finished batch job's results as JSONL: one line per item,",
        "{\"custom_id\":...,\"text\":...}, {\"custom_id\":...,\"embedding\":[...]} or {\"custom_id\":...,\"error\":{...}}."},
        footerHeading = "%nExamples:%n",
        footer = {"  cloudai batch results JOB_ID --live > answers.jsonl",
                "  cloudai batch results JOB_ID --live --output answers.jsonl"})
final class BatchResultsCommand extends BatchSubcommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job id that submit or list printed.")
    String id;

    @Option(names = "--output", paramLabel = "FILE", description = "Write to this file instead of standard output.")
    Path output;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        BatchResults opened;
        try {
            opened = session.ai().batches().results(id);
        } catch (IllegalStateException e) {
            return notFinished(e, "results", id, err);
        }
        try (BatchResults results = opened) {
            BatchOutput.Written w = BatchOutput.write(results, output, out);
            err.println(w.results() + " results" + (output == null ? "" : " written to " + output) + ", " + w.failed()
                    + " failed" + w.costSummary());
            err.flush();
        }
        return ExitCodes.OK;
    }
}
