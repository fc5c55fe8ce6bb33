package dev.cloudai.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The shape of {@code cloudai batch}'s subcommands: {@link SessionCommand}'s, one level further down (their parent is
 * {@link BatchCommand}, whose parent holds the shared connection options).
 */
abstract class BatchSubcommand implements Callable<Integer> {

    @ParentCommand
    BatchCommand batch;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (Session session = batch.root.connector().open(batch.root.connection, spec.commandLine())) {
            return run(session, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** Does the command's work; returns its exit code. */
    abstract int run(Session session, PrintWriter out, PrintWriter err);
}
