package dev.cloudai.testkit.contract;

import dev.cloudai.CloudAi;
import dev.cloudai.config.ConfigKeys;
import dev.cloudai.deployment.Endpoint;
import dev.cloudai.deployment.EndpointSpec;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.errors.NotFoundException;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.EmulatedEmbeddings;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.RecordingSubscriber;
import dev.cloudai.testkit.standby.StandbyCloud;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract for a deployed model used as a chat or embedding model ({@code Endpoints.chatModel},
 * {@code Endpoints.embeddingModel}, {@code endpoint:} aliases): every adapter carries each serving protocol over its
 * cloud's endpoint invoke, blocking, async and streamed, through the same pipeline as a managed model (retries before
 * the first chunk, fallback to another provider), against an emulated endpoint that hosts the servers of
 * {@link EmulatedServing}.
 *
 * <pre>{@code
 * class AwsEndpointModelContractTest extends EndpointModelContract {
 *     protected EmulatedCloud newCloud() { return new AwsCloud(); }
 *     protected CloudAiConfig.Builder configure(CloudAiConfig.Builder c) { return c.property("cloudai.aws.execution-role", "arn:..."); }
 * }
 * }</pre>
 * The test module registers {@link dev.cloudai.testkit.standby.StandbyProviderFactory} for the fallback test, as for {@link FallbackContract}.
 */
public abstract class EndpointModelContract extends EmulatorContract {
    private final StandbyCloud standby = new StandbyCloud();
    private final List<CloudAi> opened = new ArrayList<>();

    /** The spec the tests deploy; by default {@link Canned#endpointSpec(String)} of {@link Canned#INSTANCE_TYPE}. */
    protected EndpointSpec endpointSpec() {
        return Canned.endpointSpec(Canned.INSTANCE_TYPE);
    }

    /** The id of an endpoint that was never deployed, in the form this provider's ids take. */
    protected String neverDeployedEndpointId() {
        return "never-deployed";
    }

    /**
     * Requests a new client sends to find an endpoint before its first call; by default 0 (SageMaker and Vertex AI
     * invoke by name or id). Azure ML: 2, the endpoint's scoring URI and then its key.
     */
    protected int endpointLookupRequests() {
        return 0;
    }

    @BeforeAll
    protected final void startStandby() {
        standby.start();
    }

    @BeforeEach
    protected final void resetStandby() {
        standby.reset();
        opened.forEach(CloudAi::close);
        opened.clear();
    }

    @AfterAll
    protected final void stopStandby() {
        opened.forEach(CloudAi::close);
        standby.close();
    }

    /** Deploys the spec, then forgets the deployment's requests, so the counts below are the model's alone. */
    private Endpoint deployed() {
        Endpoint endpoint = ai().endpoints().deploy(endpointSpec());
        baseline = cloud().requestCount();
        return endpoint;
    }

    private int baseline;

    private void assertModelRequests(int expected, String why) {
        assertEquals(expected, cloud().requestCount() - baseline, () -> "requests after the deployment: " + why);
    }

    private ChatModel chat(Endpoint endpoint, ServingProtocol protocol) {
        return ai().endpoints().chatModel(endpoint.id(), protocol);
    }

    private static ChatRequest prompt() {
        return ChatRequest.builder().system("Answer briefly.").user(Canned.CHAT_PROMPT).maxTokens(50).build();
    }

    // ---- chat ----

    @Test
    public final void anOpenAiChatEndpointAnswersBlockingAndAsyncLikeAManagedModel() throws Exception {
        Endpoint endpoint = deployed();
        ChatModel model = chat(endpoint, ServingProtocol.OPENAI_CHAT);
        assertCanned(model.chat(prompt()), endpoint);
        assertCanned(model.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS), endpoint);
        assertModelRequests(2, "one request per call");
    }

    @Test
    public final void aTgiEndpointAnswersBlockingAndAsync() throws Exception {
        Endpoint endpoint = deployed();
        ChatModel model = chat(endpoint, ServingProtocol.TGI);
        assertCanned(model.chat(prompt()), endpoint);
        assertCanned(model.chatAsync(prompt()).get(WAIT.toMillis(), TimeUnit.MILLISECONDS), endpoint);
        assertModelRequests(2, "one request per call");
    }

    @Test
    public final void anOpenAiChatEndpointStreamsTheDeltasThenOneFinished() {
        Endpoint endpoint = deployed();
        assertCannedStream(streamed(chat(endpoint, ServingProtocol.OPENAI_CHAT), prompt()));
        assertModelRequests(1, "one stream, one request");
    }

    @Test
    public final void aTgiEndpointStreamsTheTokensThenOneFinished() {
        Endpoint endpoint = deployed();
        assertCannedStream(streamed(chat(endpoint, ServingProtocol.TGI), prompt()));
        assertModelRequests(1, "one stream, one request");
    }

    // ---- embeddings ----

    @Test
    public final void openAiEmbeddingsAndTeiEndpointsReturnOneVectorPerTextInOrder() {
        Endpoint endpoint = deployed();
        for (ServingProtocol protocol : List.of(ServingProtocol.OPENAI_EMBEDDINGS, ServingProtocol.TEI)) {
            EmbeddingResponse r = ai().endpoints().embeddingModel(endpoint.id(), protocol)
                    .embed(EmbeddingRequest.builder().inputs(Canned.EMBEDDING_INPUTS).build());
            assertEquals(Canned.EMBEDDING_INPUTS.size(), r.embeddings().size(), protocol + ": one vector per text");
            for (int i = 0; i < Canned.EMBEDDING_INPUTS.size(); i++) {
                assertArrayEquals(EmulatedEmbeddings.vector(Canned.EMBEDDING_INPUTS.get(i), EmulatedServing.DIMENSIONS),
                        r.embeddings().get(i).vector(), 1e-6f, protocol + ": vector " + i);
            }
            assertEquals(providerId(), r.provider());
            assertEquals(endpoint.id(), r.model());
        }
        assertModelRequests(2, "one request per protocol");
    }

    @Test
    public final void aProtocolThatCannotEmbedOrChatIsRefusedBeforeAnyRequest() {
        Endpoint endpoint = deployed();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ai().endpoints().embeddingModel(endpoint.id(), ServingProtocol.OPENAI_CHAT));
        assertTrue(e.getMessage().startsWith("protocol:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ai().endpoints().chatModel(endpoint.id(), ServingProtocol.TEI));
        assertModelRequests(0, "nothing is sent");
    }

    // ---- faults ----

    @Test
    public final void anOverloadedContainerIsRetriedBeforeTheFirstChunk() {
        Endpoint endpoint = deployed();
        cloud().inject(Fault.containerError(503, "the model server is overloaded"), 1);
        assertCannedStream(streamed(chat(endpoint, ServingProtocol.OPENAI_CHAT), prompt()));
        assertModelRequests(2, "the 503, then the retry");
    }

    @Test
    public final void aContainerThatRefusesTheRequestIsAnInvalidRequestWithItsMessageAndIsNotRetried() {
        Endpoint endpoint = deployed();
        cloud().inject(Fault.containerError(400, "prompt is longer than the model's context"), 1);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> chat(endpoint, ServingProtocol.OPENAI_CHAT).chat(prompt()));
        assertTrue(e.getMessage().contains("prompt is longer than the model's context"), e.getMessage());
        assertModelRequests(1, "not retried");
    }

    @Test
    public final void aStreamCutAfterItsFirstTokenFailsOnceRetryablyWithoutAFinish() {
        Endpoint endpoint = deployed();
        cloud().inject(Fault.streamCut(), EmulatedCloud.ALWAYS);
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(Long.MAX_VALUE);
        chat(endpoint, ServingProtocol.TGI).stream(prompt()).subscribe(subscriber);
        Throwable error = subscriber.awaitError(WAIT);
        CloudAiException cut = assertInstanceOf(CloudAiException.class, error);
        assertTrue(cut.isRetryable(), "a cut stream is worth another try: " + cut);
        assertEquals(List.of(new ChatChunk.TextDelta(Canned.STREAM_DELTAS.get(0))), subscriber.items(),
                "the first token, then the error; never a Finished");
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        assertModelRequests(1, "a stream that delivered a chunk is not retried");
    }

    @Test
    public final void anUnknownEndpointIsANotFoundExceptionNamingIt() {
        ChatModel model = ai().endpoints().chatModel(neverDeployedEndpointId(), ServingProtocol.OPENAI_CHAT);
        NotFoundException e = assertThrows(NotFoundException.class, () -> model.chat(prompt()));
        assertTrue(e.getMessage().contains(neverDeployedEndpointId()), e.getMessage());
        assertRequests(1, "one request, not retried");
    }

    @Test
    public final void anEndpointAnsweringInAnotherProtocolIsAClearErrorNamingIt() {
        Endpoint endpoint = deployed();
        cloud().hostProtocol(endpoint.name(), ServingProtocol.TGI);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> chat(endpoint, ServingProtocol.OPENAI_CHAT).chat(prompt()));
        assertEquals("ProtocolMismatch", e.info().providerCode().orElse(null));
        assertTrue(e.getMessage().contains("tgi") && e.getMessage().contains("TGI"),
                "it says which protocol the answer looked like: " + e.getMessage());
        assertModelRequests(1, "not retried");
    }

    // ---- configuration and fallback ----

    @Test
    public final void aModelAliasCanNameTheEndpointAndItsProtocol() {
        Endpoint endpoint = deployed();
        CloudAi configured = open(config().model("mine", providerId(), "endpoint:" + endpoint.id() + ";protocol=tgi"));
        assertCanned(configured.chatModel("mine").chat(prompt()), endpoint);
        assertModelRequests(1 + endpointLookupRequests(), "one call, after the new client finds the endpoint");
    }

    @Test
    public final void anEndpointModelFallsBackToAManagedModelOnAnotherProviderWhenItsContainerIsDown() {
        Endpoint endpoint = deployed();
        cloud().inject(Fault.containerError(503, "the model server is down"), EmulatedCloud.ALWAYS);
        dev.cloudai.CloudAiConfig.Builder withStandby = config().property(ConfigKeys.FALLBACK, StandbyCloud.ID)
                .model("mine", providerId(), "endpoint:" + endpoint.id() + ";protocol=openai-chat")
                .model("mine", StandbyCloud.ID, Canned.CHAT_MODEL);
        standby.properties().forEach(withStandby::property);   // its endpoint, as any adapter's
        CloudAi withFallback = open(withStandby);
        ChatResponse r = withFallback.chatModel("mine").chat(prompt());
        assertEquals(StandbyCloud.ID, r.provider(), "the managed model answered");
        assertEquals(Canned.CHAT_TEXT, r.text());
        assertModelRequests(maxAttempts() + endpointLookupRequests(), "the endpoint's own retries first");
        assertEquals(1, standby.requestCount());
    }

    // ---- helpers ----

    private CloudAi open(dev.cloudai.CloudAiConfig.Builder config) {
        CloudAi created = CloudAi.create(config.build());
        opened.add(created);
        return created;
    }

    private void assertCanned(ChatResponse r, Endpoint endpoint) {
        assertEquals(Canned.CHAT_TEXT, r.text(), "text");
        assertEquals(FinishReason.STOP, r.finishReason(), "finish reason");
        assertEquals(Canned.OUTPUT_TOKENS, r.usage().outputTokens(), "output tokens");
        assertEquals(providerId(), r.provider(), "provider");
        assertEquals(endpoint.id(), r.model(), "the endpoint is the model");
    }

    private static void assertCannedStream(List<ChatChunk> chunks) {
        List<String> deltas = new ArrayList<>();
        for (ChatChunk c : chunks) {
            if (c instanceof ChatChunk.TextDelta d && !d.text().isEmpty()) deltas.add(d.text());
        }
        assertEquals(Canned.STREAM_DELTAS, deltas, () -> "deltas of " + chunks);
        ChatChunk.Finished finished = assertInstanceOf(ChatChunk.Finished.class, chunks.get(chunks.size() - 1));
        assertEquals(FinishReason.STOP, finished.finishReason());
        assertEquals(1, chunks.stream().filter(c -> c instanceof ChatChunk.Finished).count(), "one Finished");
        finished.usage().ifPresent(u -> assertEquals(Canned.OUTPUT_TOKENS, u.outputTokens()));
        assertFalse(finished.usage().isEmpty(), "both protocols report usage when asked");
    }

    private static List<ChatChunk> streamed(ChatModel model, ChatRequest request) {
        RecordingSubscriber<ChatChunk> subscriber = RecordingSubscriber.requesting(1);
        model.stream(request).subscribe(subscriber);
        List<ChatChunk> chunks = subscriber.awaitCompletion(WAIT);
        assertEquals(List.of(), subscriber.violations(), "Reactive Streams rules the stream broke");
        return chunks;
    }
}
