package dev.cloudai.cli;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@code cloudai invoke ID BODY}: sends the body to a deployed endpoint and prints its answer. */
@Command(name = "invoke", description = "Send a request body to a deployed endpoint and print its answer.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai invoke my-llm '{\"inputs\":\"Hello\"}'",
                "  cloudai invoke my-llm --content-type text/csv \"1,2,3\""})
final class InvokeCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT_ID", description = "The endpoint's id, as deploy and endpoints print it.")
    String endpointId;

    @Parameters(index = "1", paramLabel = "BODY", description = "The request body, for example '{\"inputs\":\"Hello\"}'.")
    String body;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json",
            description = "The body's content type. Default: ${DEFAULT-VALUE}.")
    String contentType;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        InvokeRequest request = "application/json".equals(contentType)
                ? InvokeRequest.json(body)
                : InvokeRequest.of(body.getBytes(StandardCharsets.UTF_8), contentType);
        InvokeResponse r = session.ai().endpoints().invoke(endpointId, request);
        out.println(r.bodyAsString());
        out.flush();
        err.println("[" + r.provider() + ", " + r.contentType() + r.requestId().map(id -> ", request id " + id).orElse("") + "]");
        err.flush();
        return ExitCodes.OK;
    }
}
