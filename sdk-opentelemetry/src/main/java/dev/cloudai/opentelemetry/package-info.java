/**
 * OpenTelemetry tracing and metrics for the SDK's calls, as the OpenTelemetry GenAI semantic conventions describe
 * them: add {@link dev.cloudai.opentelemetry.OpenTelemetryListener} to a {@code CloudAi}.
 *
 * <pre>{@code
 * CloudAi ai = CloudAi.create(config, OpenTelemetryListener.create(openTelemetry));
 * }</pre>
 */
package dev.cloudai.opentelemetry;
