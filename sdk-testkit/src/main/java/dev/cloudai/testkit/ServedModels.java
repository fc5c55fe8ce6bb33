package dev.cloudai.testkit;

import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.matching.ValueMatcher;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model ids one emulated cloud answers (for Azure OpenAI, its deployment names): the cloud's defaults
 * ({@link SampleModels#servedBy(String)}) plus any a test adds. A request for any other id gets the answer the real
 * cloud gives for a model it does not have. Thread-safe; an emulator keeps it across {@link EmulatedCloud#reset()},
 * since it is configuration, not state.
 *
 * <pre>{@code
 * ServedModels models = new ServedModels(SampleModels.servedBy("aws"));
 * models.add("anthropic.claude-3-5-sonnet-20240620-v1:0");
 * models.contains("no-such-model");                       // false
 * server.stubFor(post(urlPathMatching("/model/[^/]+/converse"))
 *         .andMatching(models.inPath(Pattern.compile("/model/([^/]+)/converse"))) ...);   // served ids only
 * }</pre>
 */
public final class ServedModels {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    /** The models {@code defaults}, to which {@link #add(String...)} adds. */
    public ServedModels(Collection<String> defaults) {
        Objects.requireNonNull(defaults, "defaults");
        defaults.forEach(this::addOne);
    }

    /**
     * Adds model ids, exactly as the application sends them (a Bedrock model id, a Gemini model id, an Azure
     * OpenAI deployment name).
     *
     * @throws IllegalArgumentException when an id is blank
     * @throws NullPointerException when {@code modelIds} or one of them is null
     */
    public void add(String... modelIds) {
        Objects.requireNonNull(modelIds, "modelIds");
        for (String id : modelIds) addOne(id);
    }

    private void addOne(String id) {
        Objects.requireNonNull(id, "modelIds: must not contain null");
        if (id.isBlank()) throw new IllegalArgumentException("modelIds: a model id must not be blank, was '" + id + "'");
        ids.add(id);
    }

    /** Whether {@code modelId} is served. */
    public boolean contains(String modelId) {
        return modelId != null && ids.contains(modelId);
    }

    /** The served ids, sorted; a copy. */
    public Set<String> all() {
        return Collections.unmodifiableSet(new TreeSet<>(ids));
    }

    /**
     * A WireMock request matcher for stubs that answer served models only: it matches a request whose path matches
     * {@code path} and whose first group, URL-decoded (SDKs percent-encode the {@code :} of a Bedrock id), is a
     * served id. A lower-priority stub then answers the other ids as the cloud does.
     */
    public ValueMatcher<Request> inPath(Pattern path) {
        Objects.requireNonNull(path, "path");
        return request -> MatchResult.of(contains(modelInPath(path, request.getUrl())));
    }

    private static String modelInPath(Pattern path, String url) {
        int query = url.indexOf('?');
        Matcher m = path.matcher(query < 0 ? url : url.substring(0, query));
        return m.matches() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
    }

    @Override
    public String toString() {
        return "ServedModels" + all();
    }
}
