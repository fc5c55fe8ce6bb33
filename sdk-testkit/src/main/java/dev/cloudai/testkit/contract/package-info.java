/**
 * Abstract contract tests every cloud adapter's tests extend, written against the neutral API only:
 * {@link dev.cloudai.testkit.contract.ChatModelContract}, {@link dev.cloudai.testkit.contract.EmbeddingModelContract},
 * {@link dev.cloudai.testkit.contract.ErrorMappingContract}, {@link dev.cloudai.testkit.contract.EndpointsContract},
 * {@link dev.cloudai.testkit.contract.BatchContract} and the fault contracts built on
 * {@link dev.cloudai.testkit.contract.FaultContract}.
 * Each runs the adapter end to end (configuration, discovery, the retry pipeline, the cloud client, the wire) against
 * the cloud's emulator, which serves the conversation of {@link dev.cloudai.testkit.Canned}.
 *
 * <pre>{@code
 * class AwsChatModelContractTest extends ChatModelContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 * }
 * }</pre>
 */
package dev.cloudai.testkit.contract;
