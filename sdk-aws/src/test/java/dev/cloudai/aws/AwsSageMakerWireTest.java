package dev.cloudai.aws;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.config.RetrySettings;
import dev.cloudai.deployment.DeploymentPlan;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.EndpointStatus;
import dev.cloudai.deployment.InvokeRequest;
import dev.cloudai.deployment.InvokeResponse;
import dev.cloudai.errors.ConflictException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.errors.ThrottledException;
import dev.cloudai.errors.DeploymentFailedException;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.Canned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact SageMaker and SageMaker Runtime requests on the wire ({@code X-Amz-Target}, JSON 1.1 bodies, the
 * invocation path and headers), how many each logical operation sends, and the deployment lifecycle's edges:
 * resume by name, a failed endpoint, a throttled status check, a missing role.
 */
class AwsSageMakerWireTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/EmulatorSageMakerRole";
    private static final String NAME = Canned.ENDPOINT_NAME;

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static CloudAi newCloudAi(boolean withRole) {
        var config = EMULATOR.config("aws").retry(RetrySettings.builder().maxAttempts(3)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())
                .property(ConfigKeys.DEPLOY_POLL_INTERVAL, "10ms");
        if (withRole) config.property(AwsKeys.EXECUTION_ROLE, ROLE);
        return CloudAi.create(config.build());
    }

    private static EndpointSpec spec() {
        return EndpointSpec.builder(NAME).image(Canned.ENDPOINT_IMAGE).modelUri("s3://emulator-bucket/model.tar.gz")
                .environment("HF_TASK", "text-generation").instanceType(AwsCloud.INSTANCE_TYPE).timeout(Duration.ofSeconds(10)).build();
    }

    private static RequestPatternBuilder sageMaker(String op) {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("SageMaker." + op))
                .withHeader("Content-Type", matching("application/x-amz-json-1\\.1.*"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/sagemaker/aws4_request, .*"));
    }

    private static MappingBuilder sageMakerStub(String op) {
        return post(urlPathEqualTo("/")).atPriority(2).withHeader("X-Amz-Target", equalTo("SageMaker." + op));
    }

    @Test
    void deployCreatesModelConfigAndEndpointThenPollsDescribeEndpointUntilInService() {
        Endpoint ep;
        try (CloudAi ai = newCloudAi(true)) {
            ep = ai.endpoints().deploy(spec());
        }
        assertEquals(NAME, ep.id());
        assertEquals(EndpointStatus.IN_SERVICE, ep.status());
        assertEquals(Optional.of(AwsCloud.INSTANCE_TYPE), ep.instanceType());
        assertEquals(1, ep.instanceCount());
        assertEquals(Optional.of(cloud().baseUrl() + "/endpoints/" + NAME + "/invocations"), ep.url());

        cloud().server().verify(1, sageMaker("CreateModel").withRequestBody(equalToJson("{\"ModelName\":\"" + NAME + "\","
                + "\"ExecutionRoleArn\":\"" + ROLE + "\",\"PrimaryContainer\":{\"Image\":\"" + Canned.ENDPOINT_IMAGE + "\","
                + "\"ModelDataUrl\":\"s3://emulator-bucket/model.tar.gz\",\"Environment\":{\"HF_TASK\":\"text-generation\"}}}")));
        cloud().server().verify(1, sageMaker("CreateEndpointConfig").withRequestBody(equalToJson("{\"EndpointConfigName\":\"" + NAME
                + "\",\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\"" + NAME + "\",\"InstanceType\":\""
                + AwsCloud.INSTANCE_TYPE + "\",\"InitialInstanceCount\":1,\"InitialVariantWeight\":1.0}]}")));
        cloud().server().verify(1, sageMaker("CreateEndpoint").withRequestBody(equalToJson(
                "{\"EndpointName\":\"" + NAME + "\",\"EndpointConfigName\":\"" + NAME + "\"}")));
        // one look-up before creating (absent), then Creating, then InService
        cloud().server().verify(3, sageMaker("DescribeEndpoint").withRequestBody(equalToJson("{\"EndpointName\":\"" + NAME + "\"}")));
        assertEquals(6, cloud().requestCount());
    }

    @Test
    void deployingANameThatExistsResumesWaitingInsteadOfCreatingASecondEndpoint() {
        try (CloudAi ai = newCloudAi(true)) {
            ai.endpoints().deploy(spec());
            Endpoint again = ai.endpoints().deploy(spec());
            assertEquals(EndpointStatus.IN_SERVICE, again.status());
        }
        cloud().server().verify(1, sageMaker("CreateEndpoint"));
        cloud().server().verify(1, sageMaker("CreateModel"));
        cloud().server().verify(1, sageMaker("DescribeEndpointConfig").withRequestBody(equalToJson("{\"EndpointConfigName\":\"" + NAME + "\"}")));
    }

    @Test
    void anExistingEndpointOnAnotherInstanceTypeIsAConflictNotAResume() {
        try (CloudAi ai = newCloudAi(true)) {
            ai.endpoints().deploy(spec());
            EndpointSpec bigger = EndpointSpec.builder(NAME).image(Canned.ENDPOINT_IMAGE).instanceType("ml.g5.2xlarge").build();
            ConflictException e = assertThrows(ConflictException.class, () -> ai.endpoints().deploy(bigger));
            assertTrue(e.getMessage().contains("ml.g5.xlarge") && e.getMessage().contains("ml.g5.2xlarge"), e::getMessage);
        }
        cloud().server().verify(1, sageMaker("CreateEndpoint"));
    }

    @Test
    void aFailedDeploymentThrowsWithSageMakersFailureReason() {
        cloud().failNextDeployment("The primary container for production variant AllTraffic did not pass the ping health check.");
        try (CloudAi ai = newCloudAi(true)) {
            DeploymentFailedException e = assertThrows(DeploymentFailedException.class, () -> ai.endpoints().deploy(spec()));
            assertTrue(e.getMessage().contains("did not pass the ping health check"), e::getMessage);
            assertTrue(!e.isRetryable() && e.operation().equals("deploy"), e::toString);
            assertEquals(Optional.of("Failed"), e.providerCode());
            assertEquals(NAME, e.endpointId());
            assertEquals("SageMaker reports the endpoint Failed: The primary container for production variant AllTraffic did not"
                    + " pass the ping health check.", e.reason());
        }
    }

    @Test
    void aThrottledStatusCheckIsRiddenOutNotFatal() {
        cloud().throttleNextStatusCheck();
        try (CloudAi ai = newCloudAi(true)) {
            assertEquals(EndpointStatus.IN_SERVICE, ai.endpoints().deploy(spec()).status());
        }
        cloud().server().verify(4, sageMaker("DescribeEndpoint"));
    }

    @Test
    void aDeployWithoutAnExecutionRoleFailsNamingBothPlacesBeforeAnyRequest() {
        try (CloudAi ai = newCloudAi(false)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.endpoints().deploy(spec()));
            assertTrue(e.getMessage().startsWith("executionRole:") && e.getMessage().contains(AwsKeys.EXECUTION_ROLE),
                    e::getMessage);
        }
        cloud().server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aRoleOnTheSpecWinsOverTheConfiguredOne() {
        String specRole = "arn:aws:iam::123456789012:role/FromTheSpec";
        try (CloudAi ai = newCloudAi(true)) {
            ai.endpoints().deploy(EndpointSpec.builder(NAME).image(Canned.ENDPOINT_IMAGE).instanceType(AwsCloud.INSTANCE_TYPE)
                    .executionRole(specRole).build());
        }
        cloud().server().verify(1, sageMaker("CreateModel").withRequestBody(equalToJson(
                "{\"ExecutionRoleArn\":\"" + specRole + "\"}", true, true)));
    }

    @Test
    void planChoosesTheCatalogsSageMakerOfferAndRejectsOtherCloudsTypesWithoutARequest() {
        try (CloudAi ai = newCloudAi(true)) {
            DeploymentPlan plan = ai.endpoints().plan(spec());
            assertEquals(AwsCloud.INSTANCE_TYPE, plan.instanceType());
            assertEquals(OptionalDouble.of(1.4084), plan.pricePerHour());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.endpoints().plan(
                    EndpointSpec.builder(NAME).image(Canned.ENDPOINT_IMAGE).instanceType("ml.g5.xlarg").build()));
            assertTrue(e.getMessage().contains("ml.g5.xlarge"), e::getMessage);
        }
        cloud().server().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void deleteRemovesTheEndpointItsConfigAndItsModel() {
        try (CloudAi ai = newCloudAi(true)) {
            ai.endpoints().deploy(spec());
            cloud().server().resetRequests();
            ai.endpoints().delete(NAME);
            assertEquals(Optional.empty(), ai.endpoints().get(NAME));
        }
        cloud().server().verify(1, sageMaker("DeleteEndpoint").withRequestBody(equalToJson("{\"EndpointName\":\"" + NAME + "\"}")));
        cloud().server().verify(1, sageMaker("DeleteEndpointConfig").withRequestBody(equalToJson("{\"EndpointConfigName\":\"" + NAME + "\"}")));
        cloud().server().verify(1, sageMaker("DeleteModel").withRequestBody(equalToJson("{\"ModelName\":\"" + NAME + "\"}")));
    }

    @Test
    void getOfAMissingEndpointIsEmptyAndListIsEmptyWhenThereIsNone() {
        try (CloudAi ai = newCloudAi(true)) {
            assertEquals(Optional.empty(), ai.endpoints().get("no-such-endpoint"));
            assertEquals(0, ai.endpoints().list().size());
        }
        cloud().server().verify(1, sageMaker("DescribeEndpoint"));
        cloud().server().verify(1, sageMaker("ListEndpoints"));
    }

    @Test
    void sageMakersThrottleAs400IsThrottledAndRetriedMaxAttemptsTimes() {
        cloud().server().stubFor(sageMakerStub("ListEndpoints").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/x-amz-json-1.1").withHeader("x-amzn-RequestId", "req-throttled")
                .withBody("{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}")));
        try (CloudAi ai = newCloudAi(true)) {
            ThrottledException e = assertThrows(ThrottledException.class, () -> ai.endpoints().list());
            assertEquals(Optional.of("req-throttled"), e.requestId());
            assertEquals(OptionalInt.of(400), e.httpStatus());
        }
        cloud().server().verify(3, sageMaker("ListEndpoints"));
    }

    @Test
    void invokeSendsTheBodyWithItsContentTypeAndAcceptToTheEndpointsInvocationsPath() throws Exception {
        byte[] csv = "1,2,3".getBytes(StandardCharsets.UTF_8);
        try (CloudAi ai = newCloudAi(true)) {
            ai.endpoints().deploy(spec());
            cloud().server().resetRequests();
            InvokeResponse r = ai.endpoints().invoke(NAME, InvokeRequest.of(csv, "text/csv").withAccept("application/json"));
            assertEquals(Canned.INVOKE_RESPONSE_BODY, r.bodyAsString());
            assertEquals("application/json", r.contentType());
            assertTrue(r.requestId().isPresent());
            InvokeResponse async = ai.endpoints().invokeAsync(NAME, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY)).get(5, TimeUnit.SECONDS);
            assertEquals(Canned.INVOKE_RESPONSE_BODY, async.bodyAsString());
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/endpoints/" + NAME + "/invocations"))
                .withHeader("Content-Type", equalTo("text/csv")).withHeader("Accept", equalTo("application/json"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/us-east-1/sagemaker/aws4_request, .*"))
                .withRequestBody(equalTo("1,2,3")));
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/endpoints/" + NAME + "/invocations"))
                .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson(Canned.INVOKE_REQUEST_BODY)));
        assertEquals(2, cloud().requestCount());
    }

    @Test
    void invokeStreamPublishesThePayloadPartsInOrderFromTheResponseStreamPath() {
        try (CloudAi deployer = newCloudAi(true)) {
            deployer.endpoints().deploy(spec());
        }
        cloud().server().resetRequests();
        try (CloudAi ai = newCloudAi(true);
             java.util.stream.Stream<byte[]> parts = dev.cloudai.invocation.FlowStreams.toStream(
                     ai.endpoints().invokeStream(NAME, InvokeRequest.json(Canned.INVOKE_REQUEST_BODY)))) {
            java.util.List<String> texts = parts.map(b -> new String(b, StandardCharsets.UTF_8)).toList();
            assertEquals(AwsCloud.STREAMED_INVOKE_PARTS, texts, "each PayloadPart is one item, in order");
            assertEquals(Canned.INVOKE_RESPONSE_BODY, String.join("", texts));
        }
        cloud().server().verify(1, postRequestedFor(urlEqualTo("/endpoints/" + NAME + "/invocations-response-stream"))
                .withHeader("Content-Type", equalTo("application/json")).withRequestBody(equalToJson(Canned.INVOKE_REQUEST_BODY)));
        assertEquals(1, cloud().requestCount());
    }

    @Test
    void invokingOrStreamingFromAnEndpointThatWasNeverDeployedIsSageMakersNotFound() {
        try (CloudAi ai = newCloudAi(true)) {
            NotFoundException e = assertThrows(NotFoundException.class, () -> ai.endpoints().invoke("never-deployed", InvokeRequest.json("{}")));
            assertEquals(Optional.of("ValidationError"), e.providerCode());
            assertTrue(e.getMessage().contains("Endpoint never-deployed of account " + AwsCloud.ACCOUNT + " not found."), e::getMessage);
            assertTrue(e.requestId().isPresent(), "the request id SageMaker Runtime sent");

            dev.cloudai.testkit.RecordingSubscriber<byte[]> stream = dev.cloudai.testkit.RecordingSubscriber.oneAtATime();
            ai.endpoints().invokeStream("never-deployed", InvokeRequest.json("{}")).subscribe(stream);
            NotFoundException streamed = assertInstanceOf(NotFoundException.class, stream.awaitError(Duration.ofSeconds(10)));
            assertEquals(Optional.of("ValidationError"), streamed.providerCode());
            assertEquals(java.util.List.of(), stream.items());
        }
        assertEquals(2, cloud().requestCount(), "neither is retried");
    }

    @Test
    void aModelErrorIsJudgedByTheStatusTheContainerAnswered() {
        cloud().server().stubFor(post(urlPathEqualTo("/endpoints/" + NAME + "/invocations")).atPriority(2).willReturn(aResponse()
                .withStatus(424).withHeader("Content-Type", "application/json").withHeader("x-amzn-RequestId", "req-model")
                .withHeader("x-amzn-ErrorType", "ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/")
                .withBody("{\"ErrorCode\":\"CLIENT_ERROR_FROM_MODEL\",\"LogStreamArn\":\"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/"
                        + NAME + "\",\"Message\":\"Received client error (400) from primary\",\"OriginalMessage\":\"bad input\",\"OriginalStatusCode\":400}")));
        try (CloudAi ai = newCloudAi(true)) {
            dev.cloudai.errors.InvalidRequestException e = assertThrows(dev.cloudai.errors.InvalidRequestException.class,
                    () -> ai.endpoints().invoke(NAME, InvokeRequest.json("{}")));
            assertTrue(e.getMessage().contains("bad input"), e::getMessage);
            assertEquals(Optional.of("req-model"), e.requestId());
        }
        assertEquals(1, cloud().requestCount());
    }
}
