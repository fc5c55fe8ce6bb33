package dev.cloudai.testkit.gcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The subset of the Cloud Storage JSON API that {@code google-cloud-storage} sends for batch input and output, over
 * HTTP on the emulator's WireMock port (https://cloud.google.com/storage/docs/json_api/v1): resumable upload
 * ({@code POST /upload/storage/v1/b/{bucket}/o?uploadType=resumable&name=...}, then {@code PUT} the bytes with a
 * {@code Content-Range}; https://cloud.google.com/storage/docs/performing-resumable-uploads), object list
 * ({@code GET /storage/v1/b/{bucket}/o?prefix=...}), object metadata and media ({@code GET
 * [/download]/storage/v1/b/{bucket}/o/{object}[?alt=media]}, honouring a {@code Range} header; the client downloads
 * through the {@code /download} path), object delete ({@code DELETE /storage/v1/b/{bucket}/o/{object}}: 204, or 404
 * for an object that is not there). Strict like Cloud Storage:
 * an unknown bucket or object is 404 with the JSON API's error body. Buckets exist once {@link #createBucket}ed.
 */
final class CloudStorageState extends StubTransformer {
    static final String NAME = "cloud-storage";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT = Pattern.compile("(?:/download)?/storage/v1/b/([^/]+)/o/(.+)");
    private static final Pattern OBJECTS = Pattern.compile("/(upload/)?storage/v1/b/([^/]+)/o");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final Set<String> buckets = new CopyOnWriteArraySet<>();
    private final Map<String, byte[]> objects = new TreeMap<>();              // "bucket/name" -> content
    private final Map<String, ByteArrayOutputStream> uploads = new LinkedHashMap<>(); // upload id -> bytes so far
    private final Map<String, String> uploadTargets = new LinkedHashMap<>();  // upload id -> "bucket/name"
    private int nextUpload = 1;
    private long generation = 1_700_000_000_000_000L;

    CloudStorageState() {
        super(NAME);
    }

    static void register(WireMockServer server) {
        server.stubFor(any(urlPathMatching("/(upload/|download/)?storage/v1/.*")).willReturn(aResponse().withTransformers(NAME)));
    }

    synchronized void reset() {
        buckets.clear();
        objects.clear();
        uploads.clear();
        uploadTargets.clear();
        nextUpload = 1;
    }

    void createBucket(String bucket) {
        buckets.add(bucket);
    }

    synchronized byte[] read(String bucket, String name) {
        return objects.get(bucket + "/" + name);
    }

    synchronized void write(String bucket, String name, byte[] content) {
        objects.put(bucket + "/" + name, content);
    }

    synchronized boolean hasBucket(String bucket) {
        return buckets.contains(bucket);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        String path = request.getUrl();
        int q = path.indexOf('?');
        Map<String, String> query = query(q < 0 ? "" : path.substring(q + 1));
        path = q < 0 ? path : path.substring(0, q);
        String method = request.getMethod().getName();
        if (query.containsKey("upload_id")) return putBytes(request, query.get("upload_id"));
        Matcher one = OBJECT.matcher(path);
        if (one.matches() && method.equals("GET")) {
            String bucket = one.group(1);
            String name = URLDecoder.decode(one.group(2), StandardCharsets.UTF_8);
            if (!buckets.contains(bucket)) return error(404, "The specified bucket does not exist.");
            byte[] content = objects.get(bucket + "/" + name);
            if (content == null) return error(404, "No such object: " + bucket + "/" + name);
            if ("media".equals(query.get("alt"))) return media(content, request.getHeader("Range"));
            return json(200, metadata(bucket, name, content));
        }
        if (one.matches() && method.equals("DELETE")) {
            String bucket = one.group(1);
            String name = URLDecoder.decode(one.group(2), StandardCharsets.UTF_8);
            if (!buckets.contains(bucket)) return error(404, "The specified bucket does not exist.");
            if (objects.remove(bucket + "/" + name) == null) return error(404, "No such object: " + bucket + "/" + name);
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        Matcher many = OBJECTS.matcher(path);
        if (many.matches()) {
            String bucket = many.group(2);
            if (!buckets.contains(bucket)) return error(404, "The specified bucket does not exist.");
            if (many.group(1) != null && method.equals("POST") && "resumable".equals(query.get("uploadType"))) {
                String name = query.get("name");
                if (name == null) {
                    try {
                        name = JSON.readTree(request.getBodyAsString()).path("name").asText(null);
                    } catch (Exception e) {
                        name = null;
                    }
                }
                if (name == null || name.isEmpty()) return error(400, "Required parameter: name");
                String id = "upload-" + nextUpload++;
                uploads.put(id, new ByteArrayOutputStream());
                uploadTargets.put(id, bucket + "/" + name);
                String base = request.getAbsoluteUrl().substring(0, request.getAbsoluteUrl().indexOf("/upload/"));
                return new ResponseDefinitionBuilder().withStatus(200).withHeader("Location",
                        base + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id).build();
            }
            if (many.group(1) == null && method.equals("GET")) {
                String prefix = query.getOrDefault("prefix", "");
                ArrayNode items = JSON.createArrayNode();
                objects.forEach((key, content) -> {
                    String name = key.substring(bucket.length() + 1);
                    if (key.startsWith(bucket + "/") && name.startsWith(prefix)) items.add(metadata(bucket, name, content));
                });
                ObjectNode list = JSON.createObjectNode().put("kind", "storage#objects");
                list.set("items", items);
                return json(200, list);
            }
        }
        return error(501, "The emulator does not serve " + method + " " + path);
    }

    /** A chunk of a resumable upload: 308 with the bytes so far until the last one, then 200 with the object. */
    private ResponseDefinition putBytes(Request request, String id) {
        ByteArrayOutputStream buffer = uploads.get(id);
        if (buffer == null) return error(404, "No such upload: " + id);
        byte[] body = request.getBody();
        buffer.writeBytes(body == null ? new byte[0] : body);
        String range = request.getHeader("Content-Range");
        Matcher m = range == null ? null : CONTENT_RANGE.matcher(range);
        boolean last = m == null || !m.matches() || !m.group(3).equals("*");
        if (!last) {
            ResponseDefinitionBuilder more = new ResponseDefinitionBuilder().withStatus(308);
            if (buffer.size() > 0) more.withHeader("Range", "bytes=0-" + (buffer.size() - 1));
            return more.build();
        }
        String target = uploadTargets.remove(id);
        uploads.remove(id);
        byte[] content = buffer.toByteArray();
        objects.put(target, content);
        int slash = target.indexOf('/');
        return json(200, metadata(target.substring(0, slash), target.substring(slash + 1), content));
    }

    private ResponseDefinition media(byte[] content, String range) {
        Matcher m = range == null ? null : RANGE.matcher(range);
        // an explicit encoding keeps WireMock's Jetty from gzipping the media: the client reads the raw bytes; and a
        // Content-Length, as Cloud Storage sends, rather than WireMock's chunked encoding: reading one chunk of the
        // whole object, the JDK's HTTP client (the storage SDK's transport) held megabytes of it at a time
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withHeader("Content-Type", "application/octet-stream")
                .withHeader("Content-Encoding", "identity")
                .withHeader("x-goog-generation", String.valueOf(generation))
                .withHeader("x-goog-stored-content-length", String.valueOf(content.length));
        if (m != null && m.matches()) {
            int from = (int) Math.min(Long.parseLong(m.group(1)), content.length);
            int to = m.group(2).isEmpty() ? content.length : (int) Math.min(Long.parseLong(m.group(2)) + 1, content.length);
            return b.withStatus(from == 0 && to == content.length ? 200 : 206).withHeader("Content-Length", String.valueOf(to - from))
                    .withBody(Arrays.copyOfRange(content, from, to)).build();
        }
        return b.withStatus(200).withHeader("Content-Length", String.valueOf(content.length)).withBody(content).build();
    }

    private ObjectNode metadata(String bucket, String name, byte[] content) {
        return JSON.createObjectNode().put("kind", "storage#object").put("id", bucket + "/" + name + "/" + generation)
                .put("bucket", bucket).put("name", name).put("size", String.valueOf(content.length))
                .put("generation", String.valueOf(generation)).put("metageneration", "1")
                .put("contentType", "application/jsonl").put("timeCreated", "2026-01-01T00:00:00.000Z")
                .put("updated", "2026-01-01T00:00:00.000Z");
    }

    private static ResponseDefinition json(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(body.toString()).build();
    }

    /** The JSON API's error body (https://cloud.google.com/storage/docs/json_api/v1/status-codes). */
    private static ResponseDefinition error(int status, String message) {
        ObjectNode inner = JSON.createObjectNode().put("code", status).put("message", message);
        ArrayNode errors = inner.putArray("errors");
        errors.addObject().put("message", message).put("domain", "global").put("reason", status == 404 ? "notFound" : "invalid");
        ObjectNode body = JSON.createObjectNode();
        body.set("error", inner);
        return json(status, body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The objects, for tests: "bucket/name" in order. */
    synchronized List<String> objectNames() {
        return List.copyOf(objects.keySet());
    }
}
