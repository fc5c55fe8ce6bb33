/**
 * How a {@code CloudAiConfig} is made, apart from the value itself: the sources merged in order
 * ({@link dev.cloudai.internal.config.ConfigSources}), {@code ${env:NAME}} references
 * ({@link dev.cloudai.internal.config.EnvReferences}), and the check of every key against its declaration
 * ({@link dev.cloudai.internal.config.ConfigValidator}, {@link dev.cloudai.internal.config.UnknownKeys}). Nothing
 * here depends on the root package {@code dev.cloudai}, which uses it. Not API: may change without notice.
 *
 * <pre>{@code
 * List<ConfigSources.Setting> settings = ConfigSources.merge(sysProps, System.getenv(), file, "cloudai.properties", keys);
 * }</pre>
 */
package dev.cloudai.internal.config;
