package dev.cloudai.aws.errors;

/**
 * The AWS credential chain found no credentials. Thrown on the first call that needs them (creating the provider
 * does no I/O, so nothing is looked up before), by the credentials provider the adapter hands the AWS SDK, and
 * mapped by {@link AwsErrorMapper} to an {@code AuthenticationException}. Internal: not API.
 *
 * <p>Why a type of our own: the AWS SDK reports a chain that found nothing as a plain {@code SdkClientException}
 * ("Unable to load credentials from any of the providers in the chain ..."), the same type it uses for a refused
 * connection or an unreadable answer. Raising this one where credentials are resolved tells the mapper what failed
 * without matching the SDK's wording.
 *
 * <pre>{@code
 * throw new AwsCredentialsUnavailableException("the AWS profile 'prod' (cloudai.aws.profile)", sdkClientException);
 * }</pre>
 */
public final class AwsCredentialsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param chain where the SDK looked, for example "the AWS default credential chain (...)"
     * @param cause the SDK's own failure, kept as the cause
     */
    public AwsCredentialsUnavailableException(String chain, Throwable cause) {
        super("no AWS credentials found in " + chain + ". Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, put a profile in"
                + " ~/.aws/credentials or ~/.aws/config and name it with cloudai.aws.profile (or AWS_PROFILE), run"
                + " 'aws sso login --profile <name>' for an SSO profile, or run on AWS with an instance, task or pod role;"
                + " see https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html", cause);
    }
}
