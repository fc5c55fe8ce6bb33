package dev.cloudai.cli;

import dev.cloudai.batch.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code cloudai batch list}: the batch jobs the provider can see, newest first, as a table or JSON. */
@Command(name = "list", description = "List the batch jobs in the configured account, project or resource, newest first.",
        footerHeading = "%nExamples:%n",
        footer = {"  cloudai batch list --live", "  cloudai batch list --live --provider azure --format json"})
final class BatchListCommand extends BatchSubcommand {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        List<BatchJob> jobs = session.ai().batches().list();
        if (format == Format.JSON) {
            out.println(Json.write(jobs.stream().map(BatchJobs::json).toList()));
        } else if (jobs.isEmpty()) {
            out.println("No batch jobs on " + session.ai().providerId() + ".");
        } else {
            Table t = new Table("id", "status", "kind", "model", ">done", ">failed", ">total", "created");
            jobs.forEach(j -> t.row(j.id(), j.status(), j.kind(), j.model(), j.counts().done(), j.counts().failed(),
                    j.counts().total(), j.createdAt()));
            t.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
