package dev.cloudai.opentelemetry;

import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What the environment asks of the listener, read once when it is built: the conventions' own switch
 * {@code OTEL_SEMCONV_STABILITY_OPT_IN} and the GenAI instrumentations' content switch
 * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}, each also as a system property, which wins (as in the
 * OpenTelemetry Java agent's configuration).
 *
 * <pre>{@code
 * Settings s = Settings.read(System::getenv, System::getProperty);
 * }</pre>
 */
record Settings(Optional<GenAiConventions> conventions, boolean captureContent) {
    static final String OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";
    static final String OPT_IN_PROPERTY = "otel.semconv-stability.opt-in";
    static final String CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
    static final String CAPTURE_PROPERTY = "otel.instrumentation.genai.capture-message-content";

    static Settings read(UnaryOperator<String> env, UnaryOperator<String> properties) {
        String optIn = firstSet(properties.apply(OPT_IN_PROPERTY), env.apply(OPT_IN_ENV));
        String capture = firstSet(properties.apply(CAPTURE_PROPERTY), env.apply(CAPTURE_ENV));
        return new Settings(conventions(optIn), captures(capture));
    }

    /** The last gen-ai value of the comma-separated list wins, as a later setting overrides an earlier one. */
    private static Optional<GenAiConventions> conventions(String optIn) {
        GenAiConventions chosen = null;
        if (optIn != null) {
            for (String value : optIn.split(",")) {
                switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "gen_ai_latest_experimental" -> chosen = GenAiConventions.LATEST;
                    case "gen_ai_latest_experimental/dup" -> chosen = GenAiConventions.LATEST_AND_V1_36;
                    default -> { } // another category's value (http, database, ...): not ours
                }
            }
        }
        return Optional.ofNullable(chosen);
    }

    /** {@code true} (the Java and Python instrumentations' value), {@code span_only} or {@code span_and_event}. */
    private static boolean captures(String value) {
        if (value == null) return false;
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "span_only", "span_and_event" -> true;
            default -> false;
        };
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
