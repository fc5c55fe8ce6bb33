/**
 * The AWS emulator: {@link dev.cloudai.testkit.aws.AwsCloud} (Bedrock Runtime, SageMaker and SageMaker Runtime on one
 * WireMock server) and {@link dev.cloudai.testkit.aws.EventStreamFrames} for event-stream bodies. Needs
 * {@code software.amazon.eventstream:eventstream} on the classpath, which the AWS adapter brings.
 */
package dev.cloudai.testkit.aws;
