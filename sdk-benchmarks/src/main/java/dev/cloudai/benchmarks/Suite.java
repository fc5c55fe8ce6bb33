package dev.cloudai.benchmarks;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.time.LocalDate;
import java.util.Collection;

/**
 * JMH's command line, followed by the {@link Summary} table of the run. What {@code -Pbench} runs:
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am                       # everything
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="ColdStart" # one class
 * </pre>
 *
 * When this SDK has no {@code cloudai.http.max-connections} key, {@code ConcurrencyBenchmark.ours} runs with the
 * default connections only, unless {@code -p maxConnections=...} says otherwise.
 */
public final class Suite {
    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd = new CommandLineOptions(args);
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (!OurSide.hasMaxConnections() && !cmd.getParameter("maxConnections").hasValue()) {
            System.out.println("# " + OurSide.MAX_CONNECTIONS + " is not a key of this SDK: ConcurrencyBenchmark.ours"
                    + " runs with the default connections only");
            options.param("maxConnections", OurSide.DEFAULT);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println(Summary.markdown(results, LocalDate.now()));
    }
}
