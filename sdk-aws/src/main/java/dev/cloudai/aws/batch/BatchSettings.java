package dev.cloudai.aws.batch;

import dev.cloudai.config.ConfigurationException;

import java.util.regex.Pattern;

/**
 * The forms of the two batch settings, checked when the provider is created so that a bad value fails at start-up,
 * not at the first submit: the S3 location the jobs' files go to, and the IAM role Bedrock assumes to read and
 * write them.
 *
 * <pre>{@code
 * S3Location where = BatchSettings.location("cloudai.aws.batch-bucket", "s3://my-bucket/batch");
 * String role = BatchSettings.role("cloudai.aws.batch-role", "arn:aws:iam::123456789012:role/BedrockBatch");
 * }</pre>
 */
public final class BatchSettings {
    /**
     * An IAM role ARN: {@code arn:<partition>:iam::<12-digit account>:role/<path and name>}, the form
     * CreateModelInvocationJob's {@code roleArn} takes (API reference: pattern
     * {@code arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+}).
     */
    private static final Pattern ROLE = Pattern.compile("arn:aws(-[a-z-]+)?:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");

    private BatchSettings() {
    }

    /**
     * {@code value} as an S3 location.
     *
     * @throws ConfigurationException naming {@code key} and the value when it is not {@code s3://bucket[/prefix]}
     */
    public static S3Location location(String key, String value) {
        try {
            return S3Location.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key + ": '" + value.strip() + "' " + e.getMessage()
                    + ", for example s3://my-bucket/bedrock-batch");
        }
    }

    /**
     * {@code value}, stripped, when it is an IAM role ARN.
     *
     * @throws ConfigurationException naming {@code key} and the value when it is not
     */
    public static String role(String key, String value) {
        String v = value.strip();
        if (!ROLE.matcher(v).matches()) {
            throw new ConfigurationException(key + ": '" + v + "' is not an IAM role ARN; use for example"
                    + " arn:aws:iam::123456789012:role/BedrockBatchInference (the service role Bedrock assumes to read"
                    + " the input and write the output in S3)");
        }
        return v;
    }
}
