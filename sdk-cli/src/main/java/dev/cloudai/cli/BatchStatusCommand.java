package dev.cloudai.cli;

import dev.cloudai.batch.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Optional;

/** {@code cloudai batch status ID}: where a batch job stands, from any process. */
@Command(name = "status", description = "Print where a batch job stands: status, items done and failed, times.",
        footerHeading = "%nExamples:%n",
        footer = {"  cloudai batch status JOB_ID --live", "  cloudai batch status JOB_ID --live --format json"})
final class BatchStatusCommand extends BatchSubcommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job id that submit or list printed.")
    String id;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        Optional<BatchJob> job = session.ai().batches().get(id);
        if (job.isEmpty()) {
            err.println("No batch job " + id + " on " + session.ai().providerId() + "; 'cloudai batch list' shows the jobs.");
            err.flush();
            return ExitCodes.BAD_ARGUMENT;
        }
        if (format == Format.JSON) {
            out.println(Json.write(BatchJobs.json(job.get())));
            out.flush();
        } else {
            BatchJobs.print(job.get(), out);
        }
        return ExitCodes.OK;
    }
}
