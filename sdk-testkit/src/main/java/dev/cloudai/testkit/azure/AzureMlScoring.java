package dev.cloudai.testkit.azure;

import dev.cloudai.testkit.StubTransformer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.deployment.ServingProtocol;
import dev.cloudai.testkit.EmulatedServing;
import dev.cloudai.testkit.Canned;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scoring URIs of {@link AzureCloud}'s online endpoints ({@code POST /inference/{endpoint}/score}), answering as
 * the model server behind them would ({@link EmulatedServing}), with Azure ML's own checks and error relaying:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <key>} with the endpoint's primary or secondary key (from {@code listKeys}),
 *       else 401 (auth mode {@code Key}).</li>
 *   <li>An endpoint that does not exist, or routes no traffic to a provisioned deployment, answers 404, as the
 *       troubleshooting guide's status table says ("The endpoint doesn't have any valid deployment with positive
 *       weight").</li>
 *   <li>A body that speaks a {@link ServingProtocol} (or any body, when the endpoint was told its protocol) gets the
 *       server's answer; with {@code "stream": true} in the body, its server-sent events as
 *       {@code text/event-stream} (Azure ML relays the container's chunked body as it comes). Any other body, and
 *       the kit's framing probe {@code Canned.INVOKE_REQUEST_BODY}, get {@code Canned.INVOKE_RESPONSE_BODY}.</li>
 *   <li>A {@code Fault.ContainerError} is relayed as Azure ML relays a container's non-200 answer: HTTP 424
 *       "Model Error" with the container's body ({@link EmulatedServing#errorBody}, in the protocol of the request)
 *       and the headers {@code ms-azureml-model-error-statuscode} (the container's status) and
 *       {@code ms-azureml-model-error-reason: model_error}. See "Troubleshooting online endpoint deployment and
 *       scoring", HTTP status codes, 424 Model Error (learn.microsoft.com/azure/machine-learning/
 *       how-to-troubleshoot-online-endpoints).</li>
 *   <li>A {@code Fault.StreamCut} ends a streamed answer after its first event, without the protocol's end
 *       ({@code [DONE]}, TGI's last event with {@code generated_text}).</li>
 * </ul>
 * Every answer carries {@code x-request-id} and {@code azureml-model-deployment} (the deployment that served).
 */
final class AzureMlScoring extends StubTransformer {
    static final String NAME = "azure-ml-scoring";
    /** Transformer parameters of a rendered {@code Fault.ContainerError}. */
    static final String CONTAINER_STATUS = "containerStatus";
    static final String CONTAINER_MESSAGE = "containerMessage";
    static final Pattern SCORE = Pattern.compile("/inference/([^/]+)/score");

    private final AzureMlState state;

    AzureMlScoring(AzureMlState state) {

        super(NAME);
        this.state = state;
    }



    /** Whether a request is a scoring request. */
    static boolean isScoring(Request request) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        return SCORE.matcher(q < 0 ? url : url.substring(0, q)).matches();
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String url = request.getUrl();
        int q = url.indexOf('?');
        Matcher m = SCORE.matcher(q < 0 ? url : url.substring(0, q));
        String endpoint = m.matches() ? m.group(1) : "";
        Parameters parameters = serveEvent.getResponseDefinition().getTransformerParameters();
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        Optional<ServingProtocol> hosted = state.hostedProtocol(endpoint);
        if (parameters != null && parameters.containsKey(CONTAINER_STATUS)) {
            int status = parameters.getInt(CONTAINER_STATUS);
            ServingProtocol protocol = hosted.or(() -> EmulatedServing.sniff(body)).orElse(ServingProtocol.OPENAI_CHAT);
            return respond(424, "application/json", EmulatedServing.errorBody(protocol, status,
                    parameters.getString(CONTAINER_MESSAGE)).getBytes(StandardCharsets.UTF_8))
                    .withHeader("ms-azureml-model-error-statuscode", Integer.toString(status))
                    .withHeader("ms-azureml-model-error-reason", "model_error")
                    .build();
        }
        String auth = request.getHeader("Authorization");
        String key = AzureMlState.endpointKey(endpoint);
        if (!m.matches() || auth == null || !(auth.equals("Bearer " + key) || auth.equals("Bearer " + key + "-secondary"))) {
            return message(401, "Unauthorized: the key is missing or wrong");
        }
        if (!state.serves(endpoint)) {
            return message(404, "No valid deployments to route to. Please check that the endpoint has at least one"
                    + " deployment with positive weight values or use a deployment specific header to route.");
        }
        boolean probe = hosted.isEmpty() && Arrays.equals(body, Canned.INVOKE_REQUEST_BODY.getBytes(StandardCharsets.UTF_8));
        Optional<EmulatedServing.Answer> answer = probe ? Optional.empty() : EmulatedServing.answer(body, hosted, false);
        if (answer.isEmpty()) {
            return respond(200, "application/json", Canned.INVOKE_RESPONSE_BODY.getBytes(StandardCharsets.UTF_8)).build();
        }
        EmulatedServing.Answer a = answer.get();
        boolean cut = parameters != null && parameters.containsKey(ChatAnswer.CUT);
        byte[] out = a.streamed() && cut ? a.events().get(0).getBytes(StandardCharsets.UTF_8) : a.body();
        return respond(200, a.contentType(), out).build();
    }

    private static ResponseDefinition message(int status, String message) {
        String json = "{\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
        return respond(status, "application/json", json.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static ResponseDefinitionBuilder respond(int status, String contentType, byte[] body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", contentType)
                .withHeader("x-request-id", UUID.randomUUID().toString())
                .withHeader("azureml-model-deployment", "primary")
                .withBody(body);
    }
}
