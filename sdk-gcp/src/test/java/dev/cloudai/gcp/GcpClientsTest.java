package dev.cloudai.gcp;

import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.aiplatform.v1.PredictionServiceClient;
import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Vertex AI clients are built on first use, once, and only those; {@code cloudai.http.max-connections} sizes the
 * Prediction client's channel pool, one channel per 100 calls (what Google's front ends run on one connection).
 */
class GcpClientsTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    @Test
    void oneChatBuildsThePredictionClientOnlyAndClosingBuildsNothing() {
        VertexClients clients;
        try (GcpProvider gcp = (GcpProvider) RawProviders.create("gcp", EMULATOR.properties("gcp"))) {
            gcp.endpointPlatform();
            clients = gcp.clients();
            assertEquals(List.of(), clients.built(), "clients built by create and endpoints");
            assertEquals(Canned.CHAT_TEXT, gcp.chatModel(Canned.CHAT_MODEL).chat(ChatRequest.ofUser("Hello")).text());
            assertEquals(List.of("prediction"), clients.built(), "clients one chat built");
        }
        assertEquals(List.of("prediction"), clients.built(), "clients built by close");
        assertThrows(IllegalStateException.class, () -> clients.endpoints().get(), "nothing is built after close");
    }

    @Test
    void thePredictionChannelPoolHasAChannelPerHundredConnections() {
        assertEquals(1, VertexClients.channelsFor(1));
        assertEquals(1, VertexClients.channelsFor(100));
        assertEquals(2, VertexClients.channelsFor(101));
        assertEquals(10, VertexClients.channelsFor(1000));
        assertEquals(1000, VertexClients.channelsFor(100000));
        try (CloudAi ai = CloudAi.create(EMULATOR.config("gcp").property(ConfigKeys.HTTP_MAX_CONNECTIONS, "250").build())) {
            PredictionServiceClient prediction = ai.unwrap(PredictionServiceClient.class);
            InstantiatingGrpcChannelProvider channels = assertInstanceOf(InstantiatingGrpcChannelProvider.class,
                    prediction.getSettings().getTransportChannelProvider());
            assertEquals(3, channels.getChannelPoolSettings().getInitialChannelCount(), "the native client's channels");
            assertEquals(3, channels.getChannelPoolSettings().getMaxChannelCount(), "a static pool: no resizing");
        }
        try (GcpProvider gcp = (GcpProvider) RawProviders.create("gcp", EMULATOR.properties("gcp"))) {
            assertEquals(10, gcp.clients().predictionChannels(), "channels with the default of 1000 connections");
        }
    }
}
