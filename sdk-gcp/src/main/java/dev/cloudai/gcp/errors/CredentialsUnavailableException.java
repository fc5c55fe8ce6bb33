package dev.cloudai.gcp.errors;

/**
 * The Vertex AI clients could not be created because Application Default Credentials could not be loaded. Thrown on
 * the first call (creating the provider does no I/O) and mapped by {@link VertexErrorMapper} to an
 * {@code AuthenticationException}. Internal: not API.
 *
 * <pre>{@code
 * throw new CredentialsUnavailableException("us-central1-aiplatform.googleapis.com:443", ioException);
 * }</pre>
 */
public final class CredentialsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CredentialsUnavailableException(String endpoint, Throwable cause) {
        super("could not load Application Default Credentials for " + endpoint + ": " + cause.getMessage()
                + ". Run 'gcloud auth application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a key file, or run"
                + " on Google Cloud with a service account; see https://cloud.google.com/docs/authentication/application-default-credentials",
                cause);
    }
}
