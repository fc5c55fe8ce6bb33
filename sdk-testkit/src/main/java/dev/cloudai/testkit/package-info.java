/**
 * The cloud emulator for tests: {@link dev.cloudai.testkit.CloudEmulator} runs one local server per cloud
 * ({@link dev.cloudai.testkit.EmulatedCloud}, usually a {@link dev.cloudai.testkit.WireMockCloud}) that speaks the
 * cloud's wire API, with {@link dev.cloudai.testkit.Fault}s injected on demand;
 * {@link dev.cloudai.testkit.CloudEmulatorExtension} runs it for a JUnit 5 class. Every emulator serves
 * {@link dev.cloudai.testkit.Canned}; {@link dev.cloudai.testkit.RecordingListener} and
 * {@link dev.cloudai.testkit.RecordingSubscriber} record what a call reports and what a stream signals. The contract
 * tests every adapter passes are in {@code dev.cloudai.testkit.contract}, which builds on this package and never the
 * other way round.
 */
package dev.cloudai.testkit;
