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

    /**
     * The exit code of an operation the SDK refused because job {@code id} is not finished (its
     * {@code IllegalStateException} starts with {@code operation + ": "}), its message printed with the command to
     * follow the job; any other {@code IllegalStateException} is thrown on.
     */
    static int notFinished(IllegalStateException e, String operation, String id, PrintWriter err) {
        if (e.getMessage() == null || !e.getMessage().startsWith(operation + ": ")) throw e;
        err.println(e.getMessage() + "; follow it with 'cloudai batch status " + id + "'");
        err.flush();
        return ExitCodes.BAD_ARGUMENT;
    }
}
