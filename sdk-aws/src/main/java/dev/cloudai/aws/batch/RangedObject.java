package dev.cloudai.aws.batch;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * An S3 object read as one stream of ranged GetObject requests ({@code Range: bytes=from-to}, S3 API reference,
 * GetObject), each opened only when the previous range has been read: a batch output of a gigabyte is read in
 * pieces of {@link #DEFAULT_RANGE_BYTES}, and a reader that stops after the first result has fetched one range, not
 * the object. Closing in the middle of a range aborts that response instead of draining it.
 *
 * <pre>{@code
 * try (InputStream in = new RangedObject(() -> s3, S3Location.parse("s3://bucket/out/abc/input.jsonl.out"), RangedObject.DEFAULT_RANGE_BYTES)) {
 *     in.read();   // one GetObject of bytes=0-8388607
 * }
 * }</pre>
 */
final class RangedObject extends InputStream {
    /** 8 MiB per request: a few requests per job for most outputs, little read ahead for a reader that stops early. */
    static final long DEFAULT_RANGE_BYTES = 8L * 1024 * 1024;
    /** S3's answer to a range of an empty object ("InvalidRange", 416 Requested Range Not Satisfiable). */
    private static final int RANGE_NOT_SATISFIABLE = 416;

    private final Supplier<S3Client> s3;
    private final S3Location object;
    private final long rangeBytes;
    /** Where the next range starts: the bytes read so far. */
    private long next;
    /** The object's size, from the first answer's {@code Content-Range}; -1 until then. */
    private long size = -1;
    private ResponseInputStream<GetObjectResponse> current;
    /** Bytes read from {@link #current}. */
    private long rangeRead;
    private boolean closed;

    RangedObject(Supplier<S3Client> s3, S3Location object, long rangeBytes) {
        if (rangeBytes < 1) throw new IllegalArgumentException("rangeBytes: must be positive, was " + rangeBytes);
        this.s3 = s3;
        this.object = object;
        this.rangeBytes = rangeBytes;
    }

    /**
     * Requests the first range now, so that a missing object fails here (the SDK's {@code NoSuchKeyException}) rather
     * than at the first read.
     */
    RangedObject open() {
        if (current == null && size < 0) openNext();
        return this;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("closed: the results were closed");
        if (len == 0) return 0;
        while (true) {
            if (current == null) {
                if (size >= 0 && next >= size) return -1;
                openNext();
                if (current == null) return -1;   // the object is empty
            }
            int n = current.read(b, off, len);
            if (n >= 0) {
                next += n;   // counted as read, not from Content-Length, which a chunked answer does not send
                rangeRead += n;
                return n;
            }
            current.close();   // this range is read to its end: its connection goes back to the pool
            current = null;
            // the whole object came in one answer, or a range came back empty: either way there is no more
            if (size == Long.MAX_VALUE || rangeRead == 0) size = next;
        }
    }

    private void openNext() {
        String range = "bytes=" + next + "-" + (next + rangeBytes - 1);
        ResponseInputStream<GetObjectResponse> in;
        try {
            in = s3.get().getObject(r -> r.bucket(object.bucket()).key(object.key()).range(range));
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE && size < 0) {
                size = 0;
                return;
            }
            throw e;
        }
        size = total(in.response().contentRange());
        current = in;
        rangeRead = 0;
    }

    /**
     * The total of {@code bytes 0-99/1234}; unknown ({@code Long.MAX_VALUE}, so reading goes on to the end of the
     * answer) without a Content-Range, when S3 sent the whole object, or with a total of {@code *}.
     */
    private static long total(String contentRange) {
        int slash = contentRange == null ? -1 : contentRange.lastIndexOf('/');
        String total = slash < 0 ? "*" : contentRange.substring(slash + 1).strip();
        return total.equals("*") ? Long.MAX_VALUE : Long.parseLong(total);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (current != null) {
            current.abort();   // do not read the rest of the range only to reuse the connection
            current = null;
        }
    }
}
