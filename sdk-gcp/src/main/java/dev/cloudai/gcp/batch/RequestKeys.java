package dev.cloudai.gcp.batch;

import com.google.cloud.aiplatform.v1.GenerateContentRequest;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.CodedOutputStream;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The custom ids of a Gemini batch job's input lines, by their request, for output lines that come back without
 * the {@code key} the input line carried. Google's pages on batch prediction from Cloud Storage show the output
 * line's {@code request} and {@code response} but do not say that other fields of the input line are kept; if a
 * line comes back without its key, its echoed {@code request} still says which input line it answers. Vertex does
 * not keep the input's order, so the match is by content: the request's deterministic protobuf bytes, hashed.
 *
 * <p>Nothing is read until a line without a key turns up. Then the input file is read once, keeping a 22-character
 * fingerprint and the custom id per line (about 100 bytes a line: some 10 MB for 100,000 lines), and each keyless
 * line takes the first unclaimed id of an identical request (identical requests get their ids in input order).
 *
 * <pre>{@code
 * RequestKeys keys = new RequestKeys(() -> reader(inputObject));
 * String customId = keys.claim(echoedRequest);   // reads the input file the first time
 * }</pre>
 */
final class RequestKeys {
    private final Supplier<BufferedReader> input;
    private Map<String, ArrayDeque<String>> byRequest;

    /** @param input opens the job's input file, read at most once */
    RequestKeys(Supplier<BufferedReader> input) {
        this.input = input;
    }

    /**
     * The custom id of the first input line not yet claimed whose request is {@code request}.
     *
     * @throws IllegalStateException when no unclaimed input line has this request: the output cannot be matched
     */
    synchronized String claim(GenerateContentRequest request) {
        if (byRequest == null) byRequest = read();
        ArrayDeque<String> ids = byRequest.get(fingerprint(request));
        String id = ids == null ? null : ids.poll();
        if (id == null) {
            throw new IllegalStateException("a Vertex AI batch output line has no key and its request matches no input"
                    + " line left unanswered; the output cannot be matched to the custom ids");
        }
        return id;
    }

    private Map<String, ArrayDeque<String>> read() {
        Map<String, ArrayDeque<String>> ids = new HashMap<>();
        try (BufferedReader lines = input.get()) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank()) continue;
                JsonObject json = JsonParser.parseString(line).getAsJsonObject();
                JsonElement key = json.get(VertexBatches.KEY);
                JsonElement request = json.get("request");
                if (key == null || !key.isJsonPrimitive() || request == null) continue;
                ids.computeIfAbsent(fingerprint(parse(request.toString())), k -> new ArrayDeque<>()).add(key.getAsString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the batch input file to match output lines without a key", e);
        }
        return ids;
    }

    /** The request as Vertex would echo it, read with unknown fields ignored. */
    static GenerateContentRequest parse(String json) {
        GenerateContentRequest.Builder request = GenerateContentRequest.newBuilder();
        VertexBatches.merge(json, request);
        return request.build();
    }

    /**
     * SHA-256 of the deterministic protobuf bytes, first 128 bits: equal requests, however their JSON was spaced,
     * ordered or cased (camelCase or snake_case field names), have one fingerprint.
     */
    static String fingerprint(GenerateContentRequest request) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(request.getSerializedSize());
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            request.writeTo(out);
            out.flush();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not fingerprint a batch request", e);   // in memory, SHA-256 always there
        }
    }
}
