package dev.cloudai.gcp.batch;

import dev.cloudai.config.ConfigurationException;
import java.util.regex.Pattern;

/**
 * A Cloud Storage location {@code gs://bucket/prefix}: the bucket and the object-name prefix (empty, or ending
 * in {@code /}).
 *
 * <pre>{@code
 * GcsLocation at = GcsLocation.parse("cloudai.gcp.batch-bucket", "gs://my-bucket/batches");  // bucket my-bucket, prefix "batches/"
 * }</pre>
 *
 * @param bucket the bucket name
 * @param prefix the object-name prefix, empty or ending in {@code /}
 */
public record GcsLocation(String bucket, String prefix) {
    /** Bucket names: 3-63 lower-case letters, digits, dashes, underscores and dots (cloud.google.com/storage/docs/buckets#naming). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]");

    /** Parses a configured location; a bad one is a {@link ConfigurationException} naming {@code key}. */
    public static GcsLocation parse(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (!v.startsWith("gs://")) throw bad(key, value);
        String rest = v.substring("gs://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches()) throw bad(key, value);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) prefix += "/";
        return new GcsLocation(bucket, prefix);
    }

    static GcsLocation parse(VertexBatches.GcsLocationKey from, String value) {
        return parse(from == VertexBatches.GcsLocationKey.CONFIG ? "cloudai.gcp.batch-bucket" : "the job's output directory", value);
    }

    private static ConfigurationException bad(String key, String value) {
        return new ConfigurationException(key + ": '" + value + "' is not a Cloud Storage location; use gs://bucket/prefix,"
                + " for example gs://my-bucket/batches");
    }
}
