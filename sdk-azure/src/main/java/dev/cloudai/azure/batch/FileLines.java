package dev.cloudai.azure.batch;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import dev.cloudai.azure.http.PipelineBodies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The lines of one Azure OpenAI file ({@code GET /openai/files/{file-id}/content}), read as they arrive. The request
 * is sent at the first {@link #next()}, not before; at most {@value #PREFETCH} network buffers wait unread; closing
 * stops the download and gives its connection back.
 *
 * <p>Why not azure-ai-openai's {@code getFileContent}: it returns the whole file as one {@code byte[]}, and a batch's
 * output file can hold 100,000 answers, hundreds of megabytes. The request goes through the same azure-core pipeline
 * as the client's (key or Entra ID, request id, the batch API version), and a failure is azure-core's own
 * {@code HttpResponseException} ({@link PipelineBodies}), as from the client.
 *
 * <pre>{@code
 * try (FileLines lines = new FileLines(pipeline, endpoint, "file-3304e310-3b39-4e34-9f1c-e1c1504b2b2a")) {
 *     for (String line = lines.next(); line != null; line = lines.next()) { ... }
 * }
 * }</pre>
 */
final class FileLines implements AutoCloseable {
    /** Network buffers read ahead of the reader (reactor-netty's are some kilobytes each). */
    static final int PREFETCH = 8;

    private final HttpPipeline pipeline;
    private final String url;
    private Stream<byte[]> chunks;
    private BufferedReader reader;
    private boolean closed;

    FileLines(HttpPipeline pipeline, URI endpoint, String fileId) {
        this.pipeline = pipeline;
        this.url = endpoint.toString().replaceAll("/+$", "") + "/openai/files/"
                + URLEncoder.encode(fileId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/content?api-version=" + AzureBatches.API_VERSION;
    }

    /** The next line, or null at the end of the file (or once closed). */
    String next() {
        if (closed) return null;
        try {
            if (reader == null) open();
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + url.replaceAll("\\?.*", "") + " failed", e);
        }
    }

    private void open() {
        HttpRequest request = new HttpRequest(HttpMethod.GET, url);
        request.setHeader(HttpHeaderName.ACCEPT, "application/octet-stream, application/json");
        // toStream blocks the reading thread (the caller's) for each buffer and requests PREFETCH at a time
        chunks = PipelineBodies.stream(pipeline, request).toStream(PREFETCH);
        reader = new BufferedReader(new InputStreamReader(new ChunksInputStream(chunks.iterator()), StandardCharsets.UTF_8));
    }

    /** Stops the download, if one started: the subscription is cancelled and the response closed. */
    @Override
    public void close() {
        closed = true;
        if (chunks != null) chunks.close();
    }

    /** An input stream over byte chunks as an iterator hands them out. */
    private static final class ChunksInputStream extends InputStream {
        private final Iterator<byte[]> chunks;
        private byte[] current = new byte[0];
        private int position;

        ChunksInputStream(Iterator<byte[]> chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            if (!fill()) return -1;
            return current[position++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (!fill()) return -1;
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        private boolean fill() {
            while (position == current.length) {
                if (!chunks.hasNext()) return false;
                current = chunks.next();
                position = 0;
            }
            return true;
        }
    }
}
