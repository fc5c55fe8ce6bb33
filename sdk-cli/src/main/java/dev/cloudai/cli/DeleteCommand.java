package dev.cloudai.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code cloudai delete ID}: deletes an endpoint and what was created for it; one already gone is fine. */
@Command(name = "delete", description = "Delete an endpoint and what was created for it; deleting one that is gone succeeds.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai delete my-llm",
                "  cloudai delete my-llm --live --provider aws"})
final class DeleteCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT_ID", description = "The endpoint's id, as deploy and endpoints print it.")
    String endpointId;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        session.ai().endpoints().delete(endpointId);
        out.println("Deleted " + endpointId + " on " + session.ai().providerId() + ".");
        out.flush();
        return ExitCodes.OK;
    }
}
