package dev.cloudai.opentelemetry;

/**
 * Which names of the OpenTelemetry GenAI semantic conventions the listener records. The conventions are in
 * development and renamed {@code gen_ai.system} to {@code gen_ai.provider.name} after v1.36.0; a dashboard or a
 * collector rule written for the older name can keep working while it moves.
 *
 * <pre>{@code
 * CallListener otel = OpenTelemetryListener.builder(openTelemetry)
 *         .conventions(GenAiConventions.LATEST_AND_V1_36)   // both names during a migration
 *         .build();
 * }</pre>
 *
 * <p>Without a choice in the builder, the listener reads {@code OTEL_SEMCONV_STABILITY_OPT_IN} (or the system
 * property {@code otel.semconv-stability.opt-in}, which wins) once, when it is built: {@code gen_ai_latest_experimental}
 * selects {@link #LATEST}, {@code gen_ai_latest_experimental/dup} selects {@link #LATEST_AND_V1_36}, and anything
 * else (or nothing) leaves the default, {@link #LATEST}.
 */
public enum GenAiConventions {
    /** The names of semantic conventions v1.41.1: {@code gen_ai.provider.name}. The default. */
    LATEST,
    /** The provider as {@code gen_ai.system} (v1.36.0 and before) instead of {@code gen_ai.provider.name}. */
    V1_36,
    /** Both {@code gen_ai.provider.name} and {@code gen_ai.system}, with the same value, on spans and metrics. */
    LATEST_AND_V1_36;

    boolean latest() {
        return this != V1_36;
    }

    boolean legacy() {
        return this != LATEST;
    }
}
