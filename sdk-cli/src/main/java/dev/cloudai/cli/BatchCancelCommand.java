package dev.cloudai.cli;

import dev.cloudai.batch.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code cloudai batch cancel ID}: asks the cloud to stop a batch job. */
@Command(name = "cancel", description = "Ask the cloud to stop a batch job; items done before it keep their results.",
        footerHeading = "%nExamples:%n", footer = {"  cloudai batch cancel JOB_ID --live"})
final class BatchCancelCommand extends BatchSubcommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job id that submit or list printed.")
    String id;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        BatchJob job = session.ai().batches().cancel(id);
        out.println("Cancel requested for batch job " + job.id() + ": " + job.status());
        out.flush();
        return ExitCodes.OK;
    }
}
