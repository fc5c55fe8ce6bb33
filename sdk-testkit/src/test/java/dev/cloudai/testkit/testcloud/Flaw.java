package dev.cloudai.testkit.testcloud;

/**
 * A bug a provider adapter could have, which the contract tests must catch. A {@link TestCloud} created with flaws
 * makes the provider created against it have them; only the tests that prove the contracts can fail use this.
 */
public enum Flaw {
    /** Re-sends a failed request itself, under the SDK's retry pipeline. */
    OWN_RETRIES,
    /** Maps every error to one non-retryable type. */
    ONE_ERROR_TYPE,
    /** Pushes every stream chunk at once, whatever the subscriber asked for. */
    IGNORES_DEMAND,
    /** Returns the embeddings in reverse order. */
    SHUFFLES_EMBEDDINGS,
    /** Returns from deploy as soon as the endpoint is created, before it serves. */
    NO_WAIT_ON_DEPLOY,
    /** Fails to delete an endpoint that is gone already. */
    DELETE_FAILS_WHEN_GONE
}
