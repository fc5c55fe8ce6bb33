package dev.cloudai.cli;

import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.EndpointSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code cloudai plan NAME --image ...}: what deploy would do, the instance, its price and why; changes nothing. */
@Command(name = "plan", description = "Show what deploy would do (instance, price, reasons) without changing anything.",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai plan my-llm --image IMAGE --model-uri s3://bucket/model.tar.gz --min-memory 24",
                "  cloudai plan my-llm --provider gcp --image IMAGE --model-size 8"})
final class PlanCommand extends SessionCommand {

    @Mixin
    SpecOptions spec;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        EndpointSpec s = spec.spec();           // checked before anything starts
        DeploymentPlan plan = session.ai().endpoints().plan(s);
        print(plan, out);
        return ExitCodes.OK;
    }

    static void print(DeploymentPlan plan, PrintWriter out) {
        out.println("Plan for endpoint " + plan.endpointName() + " on " + plan.provider() + ":");
        out.printf(Locale.ROOT, "  instance:    %s x%d (%s, %s x%s)%n", plan.instanceType(), plan.instanceCount(),
                plan.offer().region(), plan.offer().accelerator(), AcceleratorsCommand.count(plan.offer().acceleratorCount()));
        out.println("  price:       " + (plan.pricePerHour().isPresent()
                ? String.format(Locale.ROOT, "$%.2f/hour", plan.pricePerHour().getAsDouble()) : "unknown (no public price)"));
        plan.reasons().forEach(r -> out.println("  because:     " + r));
        out.flush();
    }
}
