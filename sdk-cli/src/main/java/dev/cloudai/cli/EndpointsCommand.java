package dev.cloudai.cli;

import dev.cloudai.deployment.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code cloudai endpoints}: the endpoints the SDK can see on the provider, as a table or JSON. */
@Command(name = "endpoints", description = "List the endpoints in the configured account, project or workspace.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai endpoints",
                "  cloudai endpoints --live --provider azure --format json"})
final class EndpointsCommand extends SessionCommand {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        List<Endpoint> endpoints = session.ai().endpoints().list();
        if (format == Format.JSON) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (Endpoint ep : endpoints) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", ep.id());
                m.put("name", ep.name());
                m.put("provider", ep.provider());
                m.put("status", ep.status().name());
                m.put("instanceType", ep.instanceType());
                m.put("instanceCount", ep.instanceCount());
                m.put("url", ep.url());
                m.put("createdAt", ep.createdAt().map(Object::toString));
                m.put("failureReason", ep.failureReason());
                list.add(m);
            }
            out.println(Json.write(list));
        } else if (endpoints.isEmpty()) {
            out.println("No endpoints on " + session.ai().providerId() + ".");
        } else {
            Table t = new Table("id", "name", "status", "instance", ">count");
            endpoints.forEach(ep -> t.row(ep.id(), ep.name(), ep.status(), ep.instanceType().orElse("-"), ep.instanceCount()));
            t.print(out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
