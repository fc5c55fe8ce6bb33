package dev.cloudai.batch;

import dev.cloudai.internal.util.Arguments;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch job as the cloud last reported it. Immutable: {@link Batches#get} and {@link Batches#await} return fresh
 * ones.
 *
 * <pre>{@code
 * BatchJob job = ai.batches().submit(request);
 * job = ai.batches().await(job.id(), Duration.ofHours(24), j -> log.info("{}: {} of {}", j.status(), j.counts().done(), j.counts().total()));
 * }</pre>
 *
 * @param id        the cloud's job id (Bedrock job ARN, Vertex job resource name, Azure batch id): pass it to
 *                  {@link Batches#get}, also from another process
 * @param provider  the provider id that runs it
 * @param model     the native model id or deployment the job runs on
 * @param kind      chat or embeddings
 * @param status    where it stands
 * @param counts    items in total, answered and failed
 * @param createdAt when the cloud accepted it
 * @param endedAt   when it reached a terminal status, once it has
 * @param message   the cloud's explanation of a failure or expiry, when it gives one
 */
public record BatchJob(String id, String provider, String model, BatchKind kind, BatchStatus status, BatchCounts counts,
                       Instant createdAt, Optional<Instant> endedAt, Optional<String> message) {

    public BatchJob {
        Arguments.requireText(id, "id");
        Arguments.requireText(provider, "provider");
        Arguments.requireText(model, "model");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(message, "message");
    }
}
