package dev.cloudai.testkit.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cloudai.testkit.StubTransformer;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The subset of Amazon S3 that batch inference needs, for {@link AwsCloud}, in memory: PutObject, GetObject (whole
 * or a {@code Range}), HeadObject, DeleteObject (204 whether the key was there or not, as without versioning) and
 * ListObjectsV2, path-style ({@code /bucket/key}, as the AWS SDK sends them to an
 * endpoint override), per the S3 API reference (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html,
 * API_GetObject.html, API_HeadObject.html, API_ListObjectsV2.html) and its error responses (ErrorResponses.html: an
 * XML {@code <Error>} with {@code Code}, {@code Message} and {@code RequestId}).
 *
 * <p>ListObjectsV2 ({@code GET /bucket?list-type=2}) takes {@code prefix}, {@code start-after},
 * {@code continuation-token}, {@code max-keys} (default and most 1,000) and {@code encoding-type=url} (which the AWS
 * SDK sends, and then decodes the keys of the answer); it answers a {@code ListBucketResult} with the keys in UTF-8
 * binary order, as S3 lists them, each page {@code IsTruncated} with an opaque {@code NextContinuationToken} while more
 * keys follow. A {@code delimiter} (folders as {@code CommonPrefixes}) and {@code fetch-owner} are not served: 501
 * {@code NotImplemented}, not a listing that silently ignores them.
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
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** ListObjectsV2's page size when the request names none, and the most it answers even when asked for more. */
    static final int MAX_KEYS = 1000;
    /** What every continuation token this emulator hands out starts with, before base64: tells its own from others. */
    private static final String TOKEN_MARK = "emulator-after:";
    /** The order S3 lists keys in: their UTF-8 bytes, unsigned (not Java's UTF-16 order, which differs past U+FFFF). */
    private static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

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

    /** The keys of the bucket's objects that start with {@code prefix}, in the order S3 lists them. */
    synchronized List<String> keys(String bucket, String prefix) {
        String start = bucket + "/" + prefix;
        return objects.keySet().stream().filter(k -> k.startsWith(start)).map(k -> k.substring(bucket.length() + 1))
                .sorted(KEY_ORDER).toList();
    }

    /** Stores an object as PutObject would; the bucket must exist. */
    synchronized void put(String bucket, String key, byte[] data, String contentType) {
        if (!buckets.contains(bucket)) throw new IllegalArgumentException("bucket: '" + bucket + "' does not exist in the emulator");
        objects.put(bucket + "/" + key, new StoredObject(data.clone(), crc32(data), "\"" + UUID.nameUUIDFromBytes(data)
                .toString().replace("-", "") + "\"", contentType, Instant.now()));
    }

    /** DeleteObject: 204 whether or not the key was there, as S3 answers on a bucket without versioning. */
    private ResponseDefinition delete(String bucket, String key) {
        if (key.isEmpty()) return error(501, "NotImplemented", "The emulator does not delete buckets.", "").build();
        objects.remove(bucket + "/" + key);
        return new ResponseDefinitionBuilder().withStatus(204).withHeader("x-amz-request-id", "emulator-delete").build();
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
        String url = request.getUrl();
        Matcher m = PATH.matcher(url.contains("?") ? url.substring(0, url.indexOf('?')) : url);
        if (!m.matches()) return error(400, "InvalidRequest", "The emulator serves path-style requests only.", "").build();
        String bucket = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        String key = m.group(2) == null ? "" : URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
        String method = request.getMethod().getName();
        if (!buckets.contains(bucket)) {
            if (method.equals("HEAD")) return headError(404);
            return error(404, "NoSuchBucket", "The specified bucket does not exist", "<BucketName>" + xml(bucket) + "</BucketName>").build();
        }
        if (key.isEmpty() && method.equals("GET")) return list(bucket, request);
        return switch (method) {
            case "PUT" -> put(bucket, key, request);
            case "GET" -> get(bucket, key, request, true);
            case "HEAD" -> get(bucket, key, request, false);
            case "DELETE" -> delete(bucket, key);
            default -> error(405, "MethodNotAllowed", "The emulator serves PutObject, GetObject, HeadObject and ListObjectsV2 only.", "").build();
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

    /** ListObjectsV2 (see the class doc); a bucket's GET without {@code list-type=2} is the older ListObjects. */
    private ResponseDefinition list(String bucket, Request request) {
        if (!"2".equals(query(request, "list-type"))) {
            return error(501, "NotImplemented", "The emulator serves ListObjectsV2 (list-type=2) only.", "").build();
        }
        for (String unserved : List.of("delimiter", "fetch-owner")) {
            if (query(request, unserved) != null) {
                return error(501, "NotImplemented", "The emulator does not serve ListObjectsV2 with " + unserved + ".", "").build();
            }
        }
        String encoding = query(request, "encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            return error(400, "InvalidArgument", "Invalid Encoding Method specified in Request",
                    "<ArgumentName>encoding-type</ArgumentName><ArgumentValue>" + xml(encoding) + "</ArgumentValue>").build();
        }
        int maxKeys = MAX_KEYS;
        String max = query(request, "max-keys");
        if (max != null) {
            try {
                maxKeys = Math.min(Integer.parseInt(max), MAX_KEYS);
            } catch (NumberFormatException e) {
                maxKeys = -1;
            }
            if (maxKeys < 0) {
                return error(400, "InvalidArgument", "Provided max-keys not an integer or within integer range",
                        "<ArgumentName>max-keys</ArgumentName><ArgumentValue>" + xml(max) + "</ArgumentValue>").build();
            }
        }
        String prefix = Optional.ofNullable(query(request, "prefix")).orElse("");
        String token = query(request, "continuation-token");
        String after = Optional.ofNullable(query(request, "start-after")).orElse("");
        if (token != null) {
            Optional<String> last = lastKeyOf(token);
            if (last.isEmpty()) {
                return error(400, "InvalidArgument", "The continuation token provided is incorrect",
                        "<ArgumentName>continuation-token</ArgumentName>").build();
            }
            after = last.get();   // S3 ignores start-after once a listing goes on from a token
        }
        String from = after;
        List<String> keys = keys(bucket, prefix).stream().filter(k -> KEY_ORDER.compare(k, from) > 0).toList();
        List<String> page = keys.subList(0, Math.min(maxKeys, keys.size()));
        boolean truncated = !page.isEmpty() && page.size() < keys.size();
        boolean url = encoding != null;
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        body.append("<Name>").append(xml(bucket)).append("</Name><Prefix>").append(listed(prefix, url)).append("</Prefix>");
        if (token != null) body.append("<ContinuationToken>").append(xml(token)).append("</ContinuationToken>");
        if (query(request, "start-after") != null) body.append("<StartAfter>").append(listed(query(request, "start-after"), url)).append("</StartAfter>");
        body.append("<KeyCount>").append(page.size()).append("</KeyCount><MaxKeys>").append(maxKeys).append("</MaxKeys>");
        if (url) body.append("<EncodingType>url</EncodingType>");
        body.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) body.append("<NextContinuationToken>").append(tokenAfter(page.get(page.size() - 1))).append("</NextContinuationToken>");
        for (String key : page) {
            StoredObject o = objects.get(bucket + "/" + key);
            body.append("<Contents><Key>").append(listed(key, url)).append("</Key><LastModified>")
                    .append(ISO_MILLIS.format(o.lastModified())).append("</LastModified><ETag>").append(xml(o.etag()))
                    .append("</ETag><Size>").append(o.data().length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        body.append("</ListBucketResult>");
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", requestId()).withBody(body.toString()).build();
    }

    /** A key or prefix as a listing carries it: URL-encoded when the request asked for {@code encoding-type=url}. */
    private static String listed(String text, boolean urlEncoded) {
        return xml(urlEncoded ? URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20") : text);
    }

    private static String tokenAfter(String key) {
        return Base64.getEncoder().encodeToString((TOKEN_MARK + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a continuation token of this emulator's goes on after; empty for a token it did not hand out. */
    private static Optional<String> lastKeyOf(String token) {
        try {
            String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            return decoded.startsWith(TOKEN_MARK) ? Optional.of(decoded.substring(TOKEN_MARK.length())) : Optional.empty();
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** A query parameter, decoded; null when absent. */
    private static String query(Request request, String name) {
        var p = request.queryParameter(name);
        return p.isPresent() ? p.firstValue() : null;
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
