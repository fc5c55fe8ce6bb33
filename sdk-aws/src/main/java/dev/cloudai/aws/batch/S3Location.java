package dev.cloudai.aws.batch;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An S3 location, {@code s3://bucket/key}, where the key may be a prefix ("folder") or an object, with the
 * bucket checked against S3's naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html:
 * 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit).
 *
 * <pre>{@code
 * S3Location jobs = S3Location.parse("s3://my-bucket/batch");     // bucket my-bucket, key batch
 * jobs.resolve("triage-1f2e/input.jsonl").uri();                   // s3://my-bucket/batch/triage-1f2e/input.jsonl
 * }</pre>
 *
 * @param bucket the bucket
 * @param key    the key without a leading or trailing slash; empty for the bucket's root
 */
public record S3Location(String bucket, String key) {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("has bucket name '" + bucket + "', which S3 does not allow: use 3 to 63"
                    + " lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        if (key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("has key '" + key + "' with a leading or trailing '/'");
        }
    }

    /**
     * {@code s3://bucket}, {@code s3://bucket/} or {@code s3://bucket/key...}; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException with the end of a sentence that starts with the value, when it is not one
     */
    public static S3Location parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        String v = uri.strip();
        if (!v.startsWith("s3://")) {
            throw new IllegalArgumentException("is not an S3 location; use s3://bucket or s3://bucket/prefix");
        }
        String rest = v.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        while (key.endsWith("/")) key = key.substring(0, key.length() - 1);
        if (bucket.isEmpty()) throw new IllegalArgumentException("names no bucket; use s3://bucket or s3://bucket/prefix");
        return new S3Location(bucket, key);
    }

    /** The location {@code name} below this one. */
    public S3Location resolve(String name) {
        return new S3Location(bucket, key.isEmpty() ? name : key + "/" + name);
    }

    /** The last part of the key: an object's file name. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + (key.isEmpty() ? "" : "/" + key);
    }

    @Override
    public String toString() {
        return uri();
    }
}
