/**
 * A deliberately tiny second cloud for fallback tests in a module that has only one real adapter on its test
 * classpath: {@link dev.cloudai.testkit.standby.StandbyCloud} (the emulator) and
 * {@link dev.cloudai.testkit.standby.StandbyProviderFactory} (its provider, registered in the test module's
 * {@code META-INF/services/dev.cloudai.spi.ProviderFactory}).
 *
 * <pre>{@code
 * StandbyCloud standby = new StandbyCloud();
 * standby.start();
 * }</pre>
 */
package dev.cloudai.testkit.standby;
