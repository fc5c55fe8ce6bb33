package dev.cloudai.aws;

import dev.cloudai.aws.errors.AwsCredentialsUnavailableException;
import dev.cloudai.aws.errors.AwsErrorMapper;
import dev.cloudai.errors.AuthenticationException;
import dev.cloudai.errors.CloudAiException;
import dev.cloudai.errors.UnavailableException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mapping of credentials the chain cannot find, from the AWS SDK's own failure: the credentials provider the
 * adapter builds turns it into {@link AwsCredentialsUnavailableException}, and {@link AwsErrorMapper} into an
 * {@link AuthenticationException} that names the chain and the fix. Offline: the chains here read no file and
 * ask no metadata service.
 */
class AwsCredentialsMappingTest {
    private final AwsErrorMapper mapper = new AwsErrorMapper();

    /** A chain of real SDK providers that finds nothing: no system properties, an empty profile file. */
    private static AwsCredentialsProvider emptyChain() {
        ProfileFile empty = ProfileFile.builder().content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CREDENTIALS).build();
        return AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
                ProfileCredentialsProvider.builder().profileFile(empty).profileName("default").build());
    }

    @Test
    void theSdksChainThatFindsNothingBecomesAnAuthenticationErrorNamingTheChainAndTheFix() {
        AwsCredentialsProvider credentials = AwsClients.explained(emptyChain(), "the test chain (system properties, profile 'default')");
        AwsCredentialsUnavailableException none = assertThrows(AwsCredentialsUnavailableException.class, credentials::resolveCredentials);
        assertTrue(none.getCause().getMessage().startsWith("Unable to load credentials from any of the providers in the chain"),
                "the SDK's own failure is the cause: " + none.getCause().getMessage());

        // as the SDK may hand it on: wrapped in its own client exception
        CloudAiException e = mapper.map("chat", SdkClientException.create("Unable to execute request", none));
        AuthenticationException auth = assertInstanceOf(AuthenticationException.class, e);
        assertTrue(auth.getMessage().contains("the test chain (system properties, profile 'default')"), auth::getMessage);
        assertTrue(auth.getMessage().contains("AWS_ACCESS_KEY_ID") && auth.getMessage().contains("cloudai.aws.profile"),
                auth::getMessage);
        assertEquals(Optional.of("CredentialsUnavailable"), auth.providerCode());
        assertFalse(auth.isRetryable());
        assertInstanceOf(AuthenticationException.class, mapper.map("chat", none), "unwrapped as well");
    }

    @Test
    void aNamedProfileThatDoesNotExistIsNotReplacedByOtherCredentials() {
        AwsCredentialsProvider credentials = AwsClients.credentials(Optional.of("cloudai-test-no-such-profile-7f3c"), true);
        AwsCredentialsUnavailableException none = assertThrows(AwsCredentialsUnavailableException.class, credentials::resolveCredentials);
        assertTrue(none.getMessage().contains("the AWS profile 'cloudai-test-no-such-profile-7f3c' named by cloudai.aws.profile"),
                none::getMessage);
    }

    @Test
    void otherClientFailuresAreNotTakenForMissingCredentials() {
        SdkClientException refused = SdkClientException.create("Unable to execute HTTP request: Connection refused",
                new ConnectException("Connection refused"));
        assertInstanceOf(UnavailableException.class, mapper.map("chat", refused));
    }
}
