/**
 * The Vertex AI emulator, {@link dev.cloudai.testkit.gcp.GcpCloud}: provider {@code gcp} over gRPC, for tests of
 * code that uses {@code sdk-gcp}. Needs {@code google-cloud-aiplatform} (which {@code sdk-gcp} brings) and
 * {@code org.wiremock:wiremock-grpc-extension} on the test classpath.
 */
package dev.cloudai.testkit.gcp;
