/**
 * The cloud emulator for tests: {@link dev.cloudai.testkit.CloudEmulator} runs one local server per cloud
 * ({@link dev.cloudai.testkit.EmulatedCloud}, usually a {@link dev.cloudai.testkit.WireMockCloud}) that speaks the
 * cloud's wire API, with {@link dev.cloudai.testkit.Fault}s injected on demand;
 * {@link dev.cloudai.testkit.CloudEmulatorExtension} runs it for a JUnit 5 class. The contract tests every adapter
 * passes are in {@code dev.cloudai.testkit.contract}.
 */
package dev.cloudai.testkit;
