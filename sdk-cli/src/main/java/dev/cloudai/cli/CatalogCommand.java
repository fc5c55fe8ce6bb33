package dev.cloudai.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cloudai catalog}: the accelerator catalog's own commands, {@code refresh} (prices from the clouds' price
 * APIs into the home cache) and {@code status} (which catalog is used, and how old).
 */
@Command(name = "catalog", description = {
        "Keep the accelerator catalog fresh: refresh its prices from the clouds' price APIs, or say which catalog is used."},
        subcommands = {CatalogRefreshCommand.class, CatalogStatusCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai catalog status",
                "  cloudai catalog refresh --live",
                "  cloudai catalog refresh --live --clouds aws --regions us-east-1,us-west-2 --output prices.csv"})
final class CatalogCommand implements Runnable {

    @ParentCommand
    CloudAiCli root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: give refresh or status");
    }
}
