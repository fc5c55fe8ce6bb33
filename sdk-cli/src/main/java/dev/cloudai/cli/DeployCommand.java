package dev.cloudai.cli;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code cloudai deploy NAME --image ...}: plans, deploys and waits until the endpoint serves, showing progress on
 * stderr; deploying a name that exists resumes waiting for it.
 */
@Command(name = "deploy", description = {"Deploy an endpoint and wait until it serves (or fails, or --timeout passes).",
        "Deploying a name that exists resumes waiting for it."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai deploy my-llm --image IMAGE --model-uri s3://bucket/model.tar.gz --min-memory 24",
                "  cloudai deploy my-llm --live --image IMAGE --instance-type ml.g5.xlarge --timeout 45m"})
final class DeployCommand extends SessionCommand {

    @Mixin
    SpecOptions spec;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        EndpointSpec s = spec.spec();
        DeploymentPlan plan = session.ai().endpoints().plan(s);
        PlanCommand.print(plan, out);
        err.println("Deploying " + s.name() + " on " + plan.provider() + ", waiting up to " + s.timeout() + "...");
        err.flush();
        long start = System.nanoTime();
        Endpoint ep;
        // Deploy blocks until the endpoint serves; a ticker shows that it is still waiting, not stuck.
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cloudai-deploy-progress");
            t.setDaemon(true);
            return t;
        });
        try {
            ticker.scheduleAtFixedRate(() -> {
                err.println("  ... still deploying " + s.name() + " (" + (System.nanoTime() - start) / 1_000_000_000L + " s)");
                err.flush();
            }, 10, 10, TimeUnit.SECONDS);
            ep = session.ai().endpoints().deploy(s);
        } finally {
            ticker.shutdownNow();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("Endpoint " + ep.name() + " is " + ep.status() + " after " + ms + " ms");
        out.println("  id:       " + ep.id());
        ep.instanceType().ifPresent(t -> out.println("  instance: " + t + " x" + ep.instanceCount()));
        ep.url().ifPresent(u -> out.println("  url:      " + u));
        ep.failureReason().ifPresent(r -> out.println("  failure:  " + r));
        out.println("Invoke it with: cloudai invoke " + ep.id() + " '{\"inputs\":\"Hello\"}'");
        out.flush();
        return ExitCodes.OK;
    }
}
