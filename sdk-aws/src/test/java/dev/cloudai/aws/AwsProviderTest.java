package dev.cloudai.aws;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigurationException;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;


import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, configuration, credentials and the native clients of the {@code aws} provider. */
class AwsProviderTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    @Test
    void theProviderIsFoundByIdAndCreatingItSendsNothing() {
        assertTrue(CloudAi.availableProviders().contains("aws"), CloudAi.availableProviders()::toString);
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            assertEquals("aws", ai.providerId());
            ai.chatModel("anthropic.claude-3-haiku-20240307-v1:0");
            ai.embeddingModel("amazon.titan-embed-text-v2:0");
            ai.endpoints();
        }
        assertEquals(0, cloud().requestCount(), "creating a provider, its models and endpoints does no network I/O");
    }

    @Test
    void unwrapReachesEveryNativeClientAndNamesThemForAnotherType() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            assertNotNull(ai.unwrap(BedrockRuntimeClient.class));
            assertNotNull(ai.unwrap(BedrockRuntimeAsyncClient.class));
            assertNotNull(ai.unwrap(SageMakerClient.class));
            assertNotNull(ai.unwrap(SageMakerRuntimeClient.class));
            assertNotNull(ai.unwrap(SageMakerRuntimeAsyncClient.class));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ai.unwrap(String.class));
            assertTrue(e.getMessage().contains("BedrockRuntimeClient") && e.getMessage().contains("SageMakerClient"), e::getMessage);
        }
    }

    @Test
    void credentialsFromSystemPropertiesWinOverTheEmulatorsTestCredentials() {
        System.setProperty("aws.accessKeyId", "AKIDFROMPROPERTIES");
        System.setProperty("aws.secretAccessKey", "not-a-real-secret");
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").build())) {
            ai.chatModel(SampleModels.chat("aws")).chat(ChatRequest.ofUser("Hello"));
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        cloud().server().verify(1, postRequestedFor(urlPathMatching("/model/[^/]+/converse"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDFROMPROPERTIES/.*")));
    }

    @Test
    void theRegionGoesIntoTheSignature() {
        try (CloudAi ai = CloudAi.create(EMULATOR.config("aws").property(AwsKeys.REGION, "eu-west-3").build())) {
            ai.chatModel(SampleModels.chat("aws")).chat(ChatRequest.ofUser("Hello"));
        }
        cloud().server().verify(1, postRequestedFor(urlPathMatching("/model/[^/]+/converse"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDCLOUDAITEST/\\d{8}/eu-west-3/bedrock/aws4_request, .*")));
    }

    @Test
    void withoutARegionAnywhereCreatingFailsNamingTheKey() {
        // The machine's own settings are replaced by empty ones, so the test runs wherever AWS_REGION is set too.
        dev.cloudai.spi.ProviderConfig config = dev.cloudai.spi.ProviderConfig.of("aws", java.util.Map.of());
        software.amazon.awssdk.profiles.ProfileFile noProfiles = software.amazon.awssdk.profiles.ProfileFile.builder()
                .content(new java.io.ByteArrayInputStream(new byte[0])).type(software.amazon.awssdk.profiles.ProfileFile.Type.CONFIGURATION)
                .build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> AwsClients.region(config,
                java.util.Optional.empty(), name -> null, name -> null, () -> noProfiles));
        assertTrue(e.getMessage().contains(AwsKeys.REGION) && e.getMessage().contains("AWS_REGION"), e::getMessage);
        assertEquals("eu-west-1", AwsClients.region(config, java.util.Optional.empty(), name -> null,
                name -> name.equals("AWS_REGION") ? "eu-west-1" : null, () -> noProfiles).id(), "the environment's region is used");
    }
}
