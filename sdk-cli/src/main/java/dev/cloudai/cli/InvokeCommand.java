package dev.cloudai.cli;

import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.invocation.FlowStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

/** {@code cloudai invoke ID BODY}: sends the body to a deployed endpoint and prints its answer, whole or streamed. */
@Command(name = "invoke", description = "Send a request body to a deployed endpoint and print its answer.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai invoke my-llm '{\"inputs\":\"Hello\"}'",
                "  cloudai invoke my-llm --content-type text/csv \"1,2,3\"",
                "  cloudai invoke my-llm --stream '{\"inputs\":\"Hello\",\"stream\":true}'"})
final class InvokeCommand extends SessionCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT_ID", description = "The endpoint's id, as deploy and endpoints print it.")
    String endpointId;

    @Parameters(index = "1", paramLabel = "BODY", description = "The request body, for example '{\"inputs\":\"Hello\"}'.")
    String body;

    @Option(names = "--content-type", paramLabel = "TYPE", defaultValue = "application/json",
            description = "The body's content type. Default: ${DEFAULT-VALUE}.")
    String contentType;

    @Option(names = "--stream", description = "Print the answer's parts as the endpoint streams them (SageMaker:"
            + " InvokeEndpointWithResponseStream); for containers that stream, like TGI or vLLM.")
    boolean stream;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        InvokeRequest request = "application/json".equals(contentType)
                ? InvokeRequest.json(body)
                : InvokeRequest.of(body.getBytes(StandardCharsets.UTF_8), contentType);
        if (stream) {
            try (Stream<byte[]> parts = FlowStreams.toStream(session.ai().endpoints().invokeStream(endpointId, request))) {
                parts.forEach(part -> {
                    out.print(new String(part, StandardCharsets.UTF_8));
                    out.flush();
                });
            }
            out.println();
            out.flush();
            return ExitCodes.OK;
        }
        InvokeResponse r = session.ai().endpoints().invoke(endpointId, request);
        out.println(r.bodyAsString());
        out.flush();
        err.println("[" + r.provider() + ", " + r.contentType() + r.requestId().map(id -> ", request id " + id).orElse("") + "]");
        err.flush();
        return ExitCodes.OK;
    }
}
