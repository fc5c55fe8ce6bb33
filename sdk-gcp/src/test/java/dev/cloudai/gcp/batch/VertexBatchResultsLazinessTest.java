package dev.cloudai.gcp.batch;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.Provider;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.RawProviders;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The results of a Vertex job are mapped one output line at a time, as the core iterates them, across the job's
 * output files: a file is downloaded only once the one before it is used up, and a line that cannot be read fails
 * when it is reached, not before (a flat-mapped stream, iterated, maps a whole file ahead: the results of a
 * 200,000-line file in memory at once).
 */
class VertexBatchResultsLazinessTest {
    private static final String MODEL = "gemini-2.0-flash-001";
    private static final String OUTPUT = "batches/nightly-1/output/prediction-model-7007/";

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new GcpCloud());

    @TempDir
    Path dir;

    @Test
    void eachLineIsMappedWhenReachedAndEachFileDownloadedWhenTheOneBeforeIsUsedUp() throws Exception {
        GcpCloud cloud = EMULATOR.emulator().cloud("gcp", GcpCloud.class);
        try (Provider provider = RawProviders.create("gcp", cloud.properties())) {
            BatchPlatform batches = provider.batchPlatform();
            Path input = dir.resolve("input.jsonl");
            Files.writeString(input, batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat("q1", ChatRequest.ofUser("one"))) + "\n"
                    + batches.inputLine(BatchKind.CHAT, MODEL, BatchItem.chat("q2", ChatRequest.ofUser("two"))) + "\n");
            BatchJob job = batches.submit(new BatchSubmission(BatchKind.CHAT, MODEL, "nightly-1", input, 2, Files.size(input)));
            batches.get(job.id());
            batches.get(job.id());   // ran: predictions.jsonl with q1 and q2
            // a second output file, after the first by name: a good line, then one whose response is not a GenerateContentResponse
            Path second = dir.resolve("second.jsonl");
            Files.writeString(second, "{\"key\":\"q3\",\"response\":{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"three\"}]},"
                    + "\"finishReason\":\"STOP\"}]},\"status\":\"\"}\n"
                    + "{\"key\":\"q4\",\"response\":{\"candidates\":\"not a list\"},\"status\":\"\"}\n");
            try (Storage storage = StorageOptions.http().setHost(cloud.properties().get("cloudai.gcp.storage-endpoint"))
                    .setProjectId(GcpCloud.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService()) {
                storage.createFrom(BlobInfo.newBuilder(BlobId.of(GcpCloud.BATCH_BUCKET, OUTPUT + "predictions_2.jsonl")).build(), second);
            }

            try (Stream<BatchResult> results = batches.results(job.id())) {
                Iterator<BatchResult> it = results.iterator();   // as the core reads them
                assertEquals("q1", it.next().customId());
                assertEquals(1, downloads(cloud), "the second file is not downloaded while the first has lines left");
                assertEquals("q2", it.next().customId());
                BatchResult third = it.next();
                assertEquals("q3", third.customId());
                assertEquals("three", third.chat().orElseThrow().text());
                assertEquals(2, downloads(cloud), "the second file once the first is used up");
                IllegalStateException bad = assertThrows(IllegalStateException.class, it::next);
                assertTrue(bad.getMessage().contains("batch output line"), bad.getMessage());
            }
        }
    }

    private static int downloads(GcpCloud cloud) {
        return cloud.server().findAll(getRequestedFor(urlPathMatching("/download/storage/v1/b/" + GcpCloud.BATCH_BUCKET + "/o/.*"))).size();
    }
}
