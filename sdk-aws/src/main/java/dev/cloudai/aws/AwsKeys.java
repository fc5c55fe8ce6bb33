package dev.cloudai.aws;

import dev.cloudai.config.ConfigKeys.Capability;
import dev.cloudai.config.ConfigKeys.Key;
import dev.cloudai.config.ConfigKeys.Type;

import java.util.List;

/**
 * The configuration keys of the AWS adapter, declared by {@link AwsProviderFactory#keys()} so that
 * {@code CloudAiConfig} checks them (type, "did you mean" for a typo) at start-up.
 *
 * <pre>{@code
 * CloudAiConfig.builder().provider("aws").property(AwsKeys.ENDPOINT, "http://localhost:4566").build();
 * }</pre>
 */
public final class AwsKeys {
    /** The AWS region; {@code CloudAiConfig.builder().region(...)} sets it. */
    public static final String REGION = "cloudai.aws.region";
    /** One endpoint override for every AWS service used (an emulator URL). */
    public static final String ENDPOINT = "cloudai.aws.endpoint";
    /** The named profile of the shared config and credentials files. */
    public static final String PROFILE = "cloudai.aws.profile";
    /** The IAM role SageMaker endpoints run as. */
    public static final String EXECUTION_ROLE = "cloudai.aws.execution-role";
    /** Where batch inference jobs' files go in S3: {@code s3://bucket} or {@code s3://bucket/prefix}. */
    public static final String BATCH_BUCKET = "cloudai.aws.batch-bucket";
    /** The IAM role Bedrock assumes in batch inference jobs (not SageMaker's {@link #EXECUTION_ROLE}). */
    public static final String BATCH_ROLE = "cloudai.aws.batch-role";

    private static final List<Key> ALL = List.of(
            new Key(REGION, Type.TEXT, false, "The AWS region, for example us-east-1; unset, the AWS default region chain decides."),
            new Key(ENDPOINT, Type.URL, false, "One endpoint override for every AWS service the adapter uses (an emulator URL)."),
            new Key(PROFILE, Type.TEXT, false, "The named profile of the AWS shared config and credentials files."),
            new Key(EXECUTION_ROLE, Type.TEXT, false, "The IAM role ARN SageMaker endpoints run as, unless the spec names one.")
                    .required(Capability.ENDPOINTS),
            new Key(BATCH_BUCKET, Type.TEXT, false, "The S3 location of batch inference files, s3://bucket or"
                    + " s3://bucket/prefix: each job's input.jsonl and Bedrock's output go in a folder below it.")
                    .required(Capability.BATCH),
            new Key(BATCH_ROLE, Type.TEXT, false, "The IAM role ARN Bedrock assumes in batch inference jobs to read their"
                    + " input from and write their output to the batch bucket.")
                    .required(Capability.BATCH));

    private AwsKeys() {
    }

    /** Every key, in documentation order. */
    static List<Key> all() {
        return ALL;
    }
}
