package dev.cloudai.config;

import dev.cloudai.internal.util.Arguments;

import java.util.List;
import java.util.Objects;

/**
 * The configuration is wrong: an unknown key, a bad value, a missing required key. Thrown at start-up, never
 * later, with every problem found listed at once, each naming the key, the value (unless secret), where it came
 * from and the fix.
 *
 * <pre>{@code
 * try { CloudAi.fromConfig(); }
 * catch (ConfigurationException e) { e.problems().forEach(System.err::println); }
 * }</pre>
 */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception for all {@code problems}; each is a full sentence naming its key. */
    public ConfigurationException(List<String> problems) {
        super(compose(Arguments.listOf(problems, "problems")));
        if (problems.isEmpty()) throw new IllegalArgumentException("problems: must not be empty");
        this.problems = List.copyOf(problems);
    }

    /** One exception for one problem. */
    public ConfigurationException(String problem) {
        this(List.of(Objects.requireNonNull(problem, "problem")));
    }

    /** Each problem found, one sentence each. */
    public List<String> problems() {
        return problems;
    }

    private static String compose(List<String> problems) {
        if (problems.size() == 1) return "Invalid Cloud AI configuration: " + problems.get(0);
        StringBuilder sb = new StringBuilder("Invalid Cloud AI configuration, ").append(problems.size()).append(" problems:");
        for (String p : problems) sb.append("\n  - ").append(p);
        return sb.toString();
    }
}
