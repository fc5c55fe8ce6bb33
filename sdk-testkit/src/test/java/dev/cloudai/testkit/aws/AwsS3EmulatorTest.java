package dev.cloudai.testkit.aws;

import dev.cloudai.testkit.CloudEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's S3 subset over plain HTTP, as the AWS SDK's requests reach it (path-style, signed for service
 * {@code s3}): chunked uploads with their trailing CRC32, ranges, ListObjectsV2 page by page, and S3's errors.
 */
class AwsS3EmulatorTest {
    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud());

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String S3_SIGNATURE = "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host, Signature=0";

    private static AwsCloud cloud() {
        return EMULATOR.emulator().cloud("aws", AwsCloud.class);
    }

    private static HttpResponse<String> send(String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cloud().baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", S3_SIGNATURE);
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anAwsChunkedUploadIsStoredDecodedAndItsTrailingChecksumChecked() throws Exception {
        byte[] data = "{\"recordId\":\"a\"}\n".getBytes(StandardCharsets.UTF_8);
        String crc = S3Objects.crc32(data);
        String chunked = Integer.toHexString(data.length) + "\r\n" + new String(data, StandardCharsets.UTF_8) + "\r\n0\r\n"
                + "x-amz-checksum-crc32:" + crc + "\r\n\r\n";
        HttpResponse<String> put = send("PUT", "/cloudai-batch/jobs/in.jsonl", chunked.getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", Integer.toString(data.length),
                "x-amz-trailer", "x-amz-checksum-crc32");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(crc, put.headers().firstValue("x-amz-checksum-crc32").orElseThrow());
        assertArrayEquals(data, cloud().s3Object("cloudai-batch", "jobs/in.jsonl").orElseThrow());

        String wrong = chunked.replace(crc, "AAAAAA==");
        HttpResponse<String> bad = send("PUT", "/cloudai-batch/jobs/other.jsonl", wrong.getBytes(StandardCharsets.UTF_8),
                "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", Integer.toString(data.length));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("<Code>BadDigest</Code>"), bad.body());
        assertTrue(cloud().s3Object("cloudai-batch", "jobs/other.jsonl").isEmpty(), "a refused upload stores nothing");
    }

    @Test
    void aRangeAnswers206WithContentRangeAndAWholeReadItsChecksum() throws Exception {
        cloud().putS3Object("cloudai-batch", "out/result.jsonl.out", "0123456789".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> part = send("GET", "/cloudai-batch/out/result.jsonl.out", null, "Range", "bytes=2-5");
        assertEquals(206, part.statusCode());
        assertEquals("2345", part.body());
        assertEquals("bytes 2-5/10", part.headers().firstValue("Content-Range").orElseThrow());
        HttpResponse<String> tail = send("GET", "/cloudai-batch/out/result.jsonl.out", null, "Range", "bytes=8-100");
        assertEquals("89", tail.body());
        HttpResponse<String> beyond = send("GET", "/cloudai-batch/out/result.jsonl.out", null, "Range", "bytes=10-20");
        assertEquals(416, beyond.statusCode());
        assertTrue(beyond.body().contains("<Code>InvalidRange</Code>"));
        HttpResponse<String> whole = send("GET", "/cloudai-batch/out/result.jsonl.out", null, "x-amz-checksum-mode", "ENABLED");
        assertEquals("0123456789", whole.body());
        assertEquals(S3Objects.crc32("0123456789".getBytes(StandardCharsets.UTF_8)),
                whole.headers().firstValue("x-amz-checksum-crc32").orElseThrow());
    }

    @Test
    void missingBucketsAndKeysAreS3sErrors() throws Exception {
        HttpResponse<String> bucket = send("PUT", "/no-such-bucket/in.jsonl", new byte[]{1});
        assertEquals(404, bucket.statusCode());
        assertTrue(bucket.body().contains("<Code>NoSuchBucket</Code>") && bucket.body().contains("<BucketName>no-such-bucket</BucketName>"),
                bucket.body());
        HttpResponse<String> key = send("GET", "/cloudai-batch/missing.jsonl", null);
        assertEquals(404, key.statusCode());
        assertTrue(key.body().contains("<Code>NoSuchKey</Code>"), key.body());
        HttpResponse<String> head = send("HEAD", "/cloudai-batch/missing.jsonl", null);
        assertEquals(404, head.statusCode());
        assertEquals("", head.body(), "S3 answers a HEAD without a body");
        cloud().createBucket("made-later");
        assertEquals(200, send("PUT", "/made-later/x", new byte[]{1}).statusCode());
    }

    @Test
    void listObjectsV2AnswersThePrefixsKeysInOrderPageByPage() throws Exception {
        for (String key : List.of("in/b.jsonl", "in/a.jsonl", "in/sub/c d.jsonl", "in/a.txt", "inner/x.jsonl", "out/y")) {
            cloud().putS3Object("cloudai-batch", key, key.getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> first = send("GET", "/cloudai-batch?list-type=2&prefix=in%2F&max-keys=2", null);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(List.of("in/a.jsonl", "in/a.txt"), all(first.body(), "Key"));
        assertEquals(List.of("2"), all(first.body(), "KeyCount"));
        assertEquals(List.of("2"), all(first.body(), "MaxKeys"));
        assertEquals(List.of("true"), all(first.body(), "IsTruncated"));
        assertEquals(List.of("10", "8"), all(first.body(), "Size"));
        assertTrue(first.body().matches("(?s).*<LastModified>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z</LastModified>.*"), first.body());
        assertTrue(first.body().contains("<ETag>\""), first.body());
        String token = all(first.body(), "NextContinuationToken").get(0);

        HttpResponse<String> second = send("GET", "/cloudai-batch/?list-type=2&prefix=in%2F&max-keys=2&encoding-type=url"
                + "&continuation-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), null);
        assertEquals(List.of("in%2Fb.jsonl", "in%2Fsub%2Fc%20d.jsonl"), all(second.body(), "Key"), "URL-encoded, as asked");
        assertEquals(List.of(token), all(second.body(), "ContinuationToken"));
        assertEquals(List.of("false"), all(second.body(), "IsTruncated"));
        assertEquals(List.of(), all(second.body(), "NextContinuationToken"));

        HttpResponse<String> whole = send("GET", "/cloudai-batch?list-type=2", null);
        assertEquals(6, all(whole.body(), "Key").size(), "no prefix: the whole bucket, one page of up to 1,000");
        assertEquals(List.of("1000"), all(whole.body(), "MaxKeys"));
    }

    @Test
    void listObjectsV2RefusesWhatS3WouldAndWhatTheEmulatorDoesNotServe() throws Exception {
        HttpResponse<String> token = send("GET", "/cloudai-batch?list-type=2&continuation-token=bm90LW91cnM%3D", null);
        assertEquals(400, token.statusCode());
        assertTrue(token.body().contains("<Code>InvalidArgument</Code>") && token.body().contains("continuation token"), token.body());
        HttpResponse<String> max = send("GET", "/cloudai-batch?list-type=2&max-keys=-1", null);
        assertEquals(400, max.statusCode());
        assertTrue(max.body().contains("<ArgumentName>max-keys</ArgumentName>"), max.body());
        assertEquals(404, send("GET", "/no-such-bucket?list-type=2", null).statusCode());
        HttpResponse<String> delimiter = send("GET", "/cloudai-batch?list-type=2&delimiter=%2F", null);
        assertEquals(501, delimiter.statusCode());
        assertTrue(delimiter.body().contains("<Code>NotImplemented</Code>"), delimiter.body());
        assertEquals(501, send("GET", "/cloudai-batch", null).statusCode(), "ListObjects (version 1) is not served");
    }

    /** The text of every {@code <name>} element, in order. */
    private static List<String> all(String xml, String name) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        while (m.find()) found.add(m.group(1));
        return found;
    }

    @Test
    void theChunkedDecoderTakesSignedChunksAndTrailers() {
        Map<String, String> trailers = new HashMap<>();
        byte[] raw = "3;chunk-signature=abc\r\nabc\r\n2;chunk-signature=def\r\nde\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:XYZ\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals("abcde", new String(S3Objects.decodeChunked(raw, trailers), StandardCharsets.US_ASCII));
        assertEquals(Map.of("x-amz-checksum-crc32", "XYZ"), trailers);
    }
}
