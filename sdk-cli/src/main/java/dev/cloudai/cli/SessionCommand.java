package dev.cloudai.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The shape of every subcommand: the shared connection options, a {@link Session} opened for the run and closed
 * after it, and output written to picocli's writers (so tests can capture it). Failures propagate to
 * {@link ErrorReporter}, which picks the exit code.
 */
abstract class SessionCommand implements Callable<Integer> {

    @ParentCommand
    CloudAiCli root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        try (Session session = root.connector().open(root.connection, spec.commandLine())) {
            return run(session, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }

    /** Does the command's work; returns its exit code. */
    abstract int run(Session session, PrintWriter out, PrintWriter err);
}
