package dev.cloudai.testkit.standby;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.Fault;
import dev.cloudai.testkit.WireMockCloud;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * A second, deliberately tiny cloud for fallback tests in a module that has only one real adapter on its test
 * classpath: provider {@value #ID} ({@link StandbyProviderFactory}) answers chat from this emulator over plain HTTP
 * JSON. It stands in for "another cloud" where a cross-cloud test (aws to azure) cannot run because each adapter
 * module sees only its own adapter.
 *
 * <p>Wire format (made up, documented here): {@code POST /v1/models/{model}/chat} answers
 * {@code {"text":"Hello from the emulator","inputTokens":12,"outputTokens":5}}; faults are plain HTTP statuses
 * (429 with {@code Retry-After} in seconds, 5xx, 400, 401, 404), a malformed body is a cut-off JSON object.
 *
 * <p>Register the provider in the test module's {@code src/test/resources/META-INF/services/dev.cloudai.spi.ProviderFactory}
 * ({@code dev.cloudai.testkit.standby.StandbyProviderFactory}). Like any adapter, it declares its own key,
 * {@value StandbyProviderFactory#ENDPOINT}, which {@link #properties()} sets to this emulator's URL.
 *
 * <pre>{@code
 * StandbyCloud standby = new StandbyCloud();
 * standby.start();
 * CloudAiConfig.Builder config = emulator.config("aws").property("cloudai.fallback", "standby")
 *         .model("m", "aws", "anthropic.claude-3-haiku-20240307-v1:0").model("m", "standby", "any");
 * standby.properties().forEach(config::property);
 * CloudAi ai = CloudAi.create(config.build());
 * }</pre>
 */
public final class StandbyCloud extends WireMockCloud {
    /** The provider id. */
    public static final String ID = "standby";

    public StandbyCloud() {
        super(ID);
    }

    /** {@value StandbyProviderFactory#ENDPOINT}: this emulator's URL. */
    @Override
    public Map<String, String> properties() {
        return Map.of(StandbyProviderFactory.ENDPOINT, baseUrl());
    }

    @Override
    protected void registerDefaultStubs(WireMockServer server) {
        server.stubFor(post(urlPathMatching("/v1/models/[^/]+/chat")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"text\":\"" + Canned.CHAT_TEXT + "\",\"inputTokens\":" + Canned.INPUT_TOKENS
                        + ",\"outputTokens\":" + Canned.OUTPUT_TOKENS + "}")));
    }

    @Override
    protected ResponseDefinitionBuilder renderFault(Fault.ResponseFault fault) {
        if (fault instanceof Fault.Throttle t) {
            ResponseDefinitionBuilder r = aResponse().withStatus(429);
            t.retryAfter().ifPresent(d -> r.withHeader("Retry-After", Double.toString(d.toMillis() / 1000.0)));
            return r;
        }
        if (fault instanceof Fault.ServerError e) return aResponse().withStatus(e.status());
        if (fault instanceof Fault.InvalidRequest i) return aResponse().withStatus(400).withBody(i.message());
        if (fault instanceof Fault.Unauthorized) return aResponse().withStatus(401);
        if (fault instanceof Fault.NotFound) return aResponse().withStatus(404);
        if (fault instanceof Fault.MalformedBody) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"text\":\"Hel");
        }
        throw new IllegalArgumentException("fault: " + fault + " is not a fault the standby cloud knows");
    }
}
