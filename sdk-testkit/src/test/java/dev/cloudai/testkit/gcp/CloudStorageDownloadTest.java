package dev.cloudai.testkit.gcp;

import dev.cloudai.testkit.CloudEmulator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulated Cloud Storage answers a media download as Cloud Storage does, with a {@code Content-Length} and not
 * chunked (WireMock's default), whole or for a range: a client reading a chunked object of many megabytes held
 * megabytes of it at a time, which the batch results memory benchmark would count as the adapter's.
 */
class CloudStorageDownloadTest {

    @Test
    void aDownloadCarriesTheObjectsLengthWholeAndForARange() throws Exception {
        try (CloudEmulator emulator = CloudEmulator.start(new GcpCloud())) {
            String storage = emulator.cloud("gcp", GcpCloud.class).properties().get("cloudai.gcp.storage-endpoint");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            byte[] content = "{\"key\":\"q1\"}\n{\"key\":\"q2\"}\n".getBytes(StandardCharsets.UTF_8);
            HttpResponse<Void> started = http.send(HttpRequest.newBuilder(URI.create(storage + "/upload/storage/v1/b/"
                    + GcpCloud.BATCH_BUCKET + "/o?uploadType=resumable&name=out/predictions.jsonl"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            String upload = started.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(upload))
                    .header("Content-Range", "bytes 0-" + (content.length - 1) + "/" + content.length)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, uploaded.statusCode(), uploaded.body());

            URI media = URI.create(storage + "/download/storage/v1/b/" + GcpCloud.BATCH_BUCKET + "/o/out%2Fpredictions.jsonl?alt=media");
            HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(media).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, whole.statusCode());
            assertEquals(String.valueOf(content.length), whole.headers().firstValue("Content-Length").orElse("none"));
            assertTrue(whole.headers().firstValue("Transfer-Encoding").isEmpty(), () -> whole.headers().map().toString());
            assertEquals(new String(content, StandardCharsets.UTF_8), new String(whole.body(), StandardCharsets.UTF_8));

            HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(media).header("Range", "bytes=13-").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, range.statusCode());
            assertEquals("13", range.headers().firstValue("Content-Length").orElse("none"));
            assertTrue(range.headers().firstValue("Transfer-Encoding").isEmpty(), () -> range.headers().map().toString());
            assertEquals("{\"key\":\"q2\"}\n", new String(range.body(), StandardCharsets.UTF_8));
        }
    }
}
