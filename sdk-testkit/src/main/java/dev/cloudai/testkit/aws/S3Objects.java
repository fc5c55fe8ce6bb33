package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The subset of Amazon S3 that batch inference needs, for {@link AwsCloud}, in memory: PutObject, GetObject (whole
 * or a {@code Range}) and HeadObject, path-style ({@code /bucket/key}, as the AWS SDK sends them to an endpoint
 * override), per the S3 API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
 * API_GetObject.html, API_HeadObject.html) and its error responses (ErrorResponses.html: an XML {@code <Error>} with
 * {@code Code}, {@code Message} and {@code RequestId}).
 *
 * <p>Strict where the SDK could otherwise pass here and fail on S3: a bucket that does not exist is 404
 * {@code NoSuchBucket}, a missing key 404 {@code NoSuchKey} (HeadObject: a 404 without a body, as S3 answers HEAD), a
 * range beyond the object 416 {@code InvalidRange}. A PutObject body sent {@code aws-chunked} (the SDK's streaming
 * upload with a trailing checksum, {@code x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER}) is decoded,
 * and a CRC32 the SDK sends (header or trailer {@code x-amz-checksum-crc32}) is checked: a mismatch is 400
 * {@code BadDigest}. GetObject with {@code x-amz-checksum-mode: ENABLED} of a whole object answers its CRC32, which
 * the SDK then validates.
 */
final class S3Objects extends StubTransformer {
    static final String NAME = "aws-s3";
    private static final Pattern PATH = Pattern.compile("/([^/?]+)(?:/([^?]*))?");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Set<String> defaultBuckets;
    private final Set<String> buckets = new HashSet<>();
    private final Map<String, StoredObject> objects = new LinkedHashMap<>();

    S3Objects(Set<String> defaultBuckets) {
        super(NAME);
        this.defaultBuckets = Set.copyOf(defaultBuckets);
        reset();
    }

    /** One object: its bytes, their CRC32 (base64 of the big-endian value, as S3 sends it) and metadata. */
    record StoredObject(byte[] data, String crc32, String etag, String contentType, Instant lastModified) {
    }

    synchronized void reset() {
        buckets.clear();
        buckets.addAll(defaultBuckets);
        objects.clear();
    }

    synchronized void createBucket(String bucket) {
        buckets.add(bucket);
    }

    synchronized boolean hasBucket(String bucket) {
        return buckets.contains(bucket);
    }

    synchronized Optional<byte[]> get(String bucket, String key) {
        StoredObject o = objects.get(bucket + "/" + key);
        return o == null ? Optional.empty() : Optional.of(o.data().clone());
    }

    /** Stores an object as PutObject would; the bucket must exist. */
    synchronized void put(String bucket, String key, byte[] data, String contentType) {
        if (!buckets.contains(bucket)) throw new IllegalArgumentException("bucket: '" + bucket + "' does not exist in the emulator");
        objects.put(bucket + "/" + key, new StoredObject(data.clone(), crc32(data), "\"" + UUID.nameUUIDFromBytes(data)
                .toString().replace("-", "") + "\"", contentType, Instant.now()));
    }

    /** The base64 of the big-endian CRC32 of {@code data}: the form of {@code x-amz-checksum-crc32}. */
    static String crc32(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        Matcher m = PATH.matcher(request.getUrl());
        if (!m.matches()) return error(400, "InvalidRequest", "The emulator serves path-style requests only.", "").build();
        String bucket = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String key = m.group(2) == null ? "" : URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        String method = request.getMethod().getName();
        if (!buckets.contains(bucket)) {
            if (method.equals("HEAD")) return headError(404);
            return error(404, "NoSuchBucket", "The specified bucket does not exist", "<BucketName>" + xml(bucket) + "</BucketName>").build();
        }
        return switch (method) {
            case "PUT" -> put(bucket, key, request);
            case "GET" -> get(bucket, key, request, true);
            case "HEAD" -> get(bucket, key, request, false);
            default -> error(405, "MethodNotAllowed", "The emulator serves PutObject, GetObject and HeadObject only.", "").build();
        };
    }

    private ResponseDefinition put(String bucket, String key, Request request) {
        byte[] body = request.getBody();
        Map<String, String> trailers = new HashMap<>();
        String encoding = header(request, "Content-Encoding");
        if (encoding != null && encoding.contains("aws-chunked")) {
            body = decodeChunked(body, trailers);
            String declared = header(request, "x-amz-decoded-content-length");
            if (declared != null && Long.parseLong(declared) != body.length) {
                return error(400, "IncompleteBody", "You did not provide the number of bytes specified by the"
                        + " x-amz-decoded-content-length HTTP header", "").build();
            }
        }
        String sent = Optional.ofNullable(header(request, "x-amz-checksum-crc32")).orElse(trailers.get("x-amz-checksum-crc32"));
        String actual = crc32(body);
        if (sent != null && !sent.equals(actual)) {
            return error(400, "BadDigest", "The CRC32 you specified did not match the calculated checksum.", "").build();
        }
        String type = Optional.ofNullable(header(request, "Content-Type")).orElse("binary/octet-stream");
        put(bucket, key, body, type);
        ResponseDefinitionBuilder ok = new ResponseDefinitionBuilder().withStatus(200)
                .withHeader("ETag", objects.get(bucket + "/" + key).etag()).withHeader("x-amz-request-id", requestId());
        if (sent != null) ok.withHeader("x-amz-checksum-crc32", actual);
        return ok.build();
    }

    /**
     * The SDK's {@code aws-chunked} body: {@code <hex size>[;chunk-signature=...]\r\n<bytes>\r\n}, repeated, a chunk
     * of size 0, then trailer lines {@code name:value\r\n} and an empty line.
     */
    static byte[] decodeChunked(byte[] raw, Map<String, String> trailers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int pos = 0;
        while (pos < raw.length) {
            int lineEnd = indexOf(raw, pos);
            String sizeLine = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip(), 16);
            pos = lineEnd + 2;
            if (size == 0) break;
            out.write(raw, pos, size);
            pos += size + 2;
        }
        while (pos < raw.length) {
            int lineEnd = indexOf(raw, pos);
            String line = new String(raw, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            pos = lineEnd + 2;
            int colon = line.indexOf(':');
            if (colon > 0) trailers.put(line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).strip());
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] raw, int from) {
        for (int i = from; i + 1 < raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') return i;
        }
        return raw.length;
    }

    private ResponseDefinition get(String bucket, String key, Request request, boolean body) {
        StoredObject o = objects.get(bucket + "/" + key);
        if (o == null) {
            if (!body) return headError(404);
            return error(404, "NoSuchKey", "The specified key does not exist.", "<Key>" + xml(key) + "</Key>").build();
        }
        byte[] data = o.data();
        ResponseDefinitionBuilder r = new ResponseDefinitionBuilder().withHeader("Content-Type", o.contentType())
                .withHeader("ETag", o.etag()).withHeader("Last-Modified", HTTP_DATE.format(o.lastModified()))
                .withHeader("Accept-Ranges", "bytes").withHeader("x-amz-request-id", requestId());
        String range = header(request, "Range");
        if (range != null && body) {
            Matcher rm = RANGE.matcher(range.strip());
            if (rm.matches()) {
                long from = Long.parseLong(rm.group(1));
                long to = rm.group(2).isEmpty() ? data.length - 1 : Math.min(Long.parseLong(rm.group(2)), data.length - 1L);
                if (from >= data.length) {
                    return error(416, "InvalidRange", "The requested range is not satisfiable",
                            "<RangeRequested>" + xml(range) + "</RangeRequested><ActualObjectSize>" + data.length
                                    + "</ActualObjectSize>").build();
                }
                return r.withStatus(206).withHeader("Content-Range", "bytes " + from + "-" + to + "/" + data.length)
                        .withBody(Arrays.copyOfRange(data, (int) from, (int) to + 1)).build();
            }
        }
        if ("ENABLED".equalsIgnoreCase(header(request, "x-amz-checksum-mode"))) {
            r.withHeader("x-amz-checksum-crc32", o.crc32()).withHeader("x-amz-checksum-type", "FULL_OBJECT");
        }
        r.withStatus(200);
        if (body) return r.withBody(data).build();
        return r.withHeader("Content-Length", Integer.toString(data.length)).build();
    }

    private static String header(Request request, String name) {
        return request.containsHeader(name) ? request.getHeader(name) : null;
    }

    /** An S3 error: its status, and the XML body with the code, message, extra elements and request id. */
    static ResponseDefinitionBuilder error(int status, String code, String message, String extra) {
        String id = requestId();
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", id)
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + xml(message) + "</Message>" + extra + "<RequestId>" + id + "</RequestId><HostId>emulator</HostId></Error>");
    }

    /** S3 answers a failed HEAD with the status alone: a HEAD response has no body to carry the error. */
    private static ResponseDefinition headError(int status) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("x-amz-request-id", requestId()).build();
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
