package dev.cloudai.cli;

import dev.cloudai.batch.BatchCounts;
import dev.cloudai.batch.BatchItem;
import dev.cloudai.batch.BatchJob;
import dev.cloudai.batch.BatchKind;
import dev.cloudai.batch.BatchLimits;
import dev.cloudai.batch.BatchResult;
import dev.cloudai.batch.BatchStatus;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.FinishReason;
import dev.cloudai.invocation.TokenUsage;
import dev.cloudai.spi.BatchPlatform;
import dev.cloudai.spi.BatchSubmission;
import dev.cloudai.spi.ErrorMapper;
import dev.cloudai.spi.HttpErrors;
import dev.cloudai.spi.Provider;
import dev.cloudai.spi.ProviderConfig;
import dev.cloudai.spi.ProviderFactory;
import dev.cloudai.spi.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Provider {@code clibatch}, for the batch command tests only: an in-memory batch engine whose JSONL line is the
 * item's custom id and its last message (or text), whose jobs move one state per status read, and which fails the
 * items whose custom id starts with {@code fail}. Registered through {@link BatchCommandsTest}'s own class loader,
 * never on the test classpath, so the other tests still see aws, azure and gcp only.
 */
public final class InMemoryBatchProvider implements ProviderFactory {
    static final String ID = "clibatch";
    /** The jobs, shared by every client a test makes, as a cloud's are. */
    static final Map<String, Job> JOBS = Collections.synchronizedMap(new LinkedHashMap<>());
    /** What each submit's file held. */
    static final List<List<String>> SUBMITTED = Collections.synchronizedList(new ArrayList<>());
    /** The jobs whose files were deleted. */
    static final Set<String> DELETED = Collections.synchronizedSet(new HashSet<>());

    record Job(BatchJob job, List<String> lines) {
    }

    static void reset() {
        JOBS.clear();
        SUBMITTED.clear();
        DELETED.clear();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Provider create(ProviderConfig config) {
        return new Provider() {
            @Override
            public String id() {
                return ID;
            }

            @Override
            public ErrorMapper errorMapper() {
                return (operation, error) -> HttpErrors.fromTransport(ErrorInfo.builder(ID, operation).build(), error);
            }

            @Override
            public BatchPlatform batchPlatform() {
                return new Engine();
            }

            @Override
            public void close() {
            }
        };
    }

    private static final class Engine implements BatchPlatform {
        @Override
        public BatchLimits limits(BatchKind kind, String model) {
            return new BatchLimits(2, 1_000, 1_000_000, Optional.empty());
        }

        @Override
        public String inputLine(BatchKind kind, String model, BatchItem item) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", item.customId());
            if (item instanceof BatchItem.Chat c) {
                List<ChatMessage> messages = c.request().messages();
                line.put("system", c.request().systemPrompt().orElse(""));
                line.put("last", messages.get(messages.size() - 1).text());
                line.put("turns", messages.size());
                c.request().maxTokens().ifPresent(t -> line.put("max_tokens", t));
            } else {
                line.put("text", ((BatchItem.Embedding) item).text());
            }
            return Json.write(line);
        }

        @Override
        public BatchJob submit(BatchSubmission s) {
            List<String> lines;
            try {
                lines = Files.readAllLines(s.file(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            SUBMITTED.add(lines);
            String id = "batch-" + (JOBS.size() + 1);
            BatchJob job = new BatchJob(id, ID, s.model(), s.kind(), BatchStatus.QUEUED, new BatchCounts(s.records(), 0, 0),
                    Instant.parse("2026-12-02T10:00:00Z"), Optional.empty(), Optional.of(s.displayName()));
            JOBS.put(id, new Job(job, lines));
            return job;
        }

        @Override
        public Optional<BatchJob> get(String jobId) {
            Job j = JOBS.get(jobId);
            if (j == null) return Optional.empty();
            BatchJob now = j.job();
            BatchStatus next = switch (now.status()) {
                case QUEUED -> BatchStatus.RUNNING;
                case RUNNING -> BatchStatus.COMPLETED;
                case CANCELLING -> BatchStatus.CANCELLED;
                default -> now.status();
            };
            long total = now.counts().total();
            long failed = j.lines().stream().filter(l -> l.startsWith("{\"id\":\"fail")).count();
            BatchCounts counts = next == BatchStatus.COMPLETED ? new BatchCounts(total, total - failed, failed) : now.counts();
            JOBS.put(jobId, new Job(new BatchJob(now.id(), now.provider(), now.model(), now.kind(), next, counts,
                    now.createdAt(), next.isTerminal() ? Optional.of(Instant.parse("2026-12-02T11:00:00Z")) : Optional.empty(),
                    now.message()), j.lines()));
            return Optional.of(now);
        }

        @Override
        public List<BatchJob> list() {
            List<BatchJob> all = new ArrayList<>();
            synchronized (JOBS) {
                JOBS.values().forEach(j -> all.add(j.job()));
            }
            Collections.reverse(all);
            return all;
        }

        @Override
        public BatchJob cancel(String jobId) {
            Job j = JOBS.get(jobId);
            if (j == null) throw new IllegalStateException("no job " + jobId);
            BatchJob now = j.job();
            BatchJob cancelling = new BatchJob(now.id(), now.provider(), now.model(), now.kind(), BatchStatus.CANCELLING,
                    now.counts(), now.createdAt(), Optional.empty(), now.message());
            JOBS.put(jobId, new Job(cancelling, j.lines()));
            return cancelling;
        }

        /** The job's two "files" once; its results are then gone. */
        @Override
        public long deleteFiles(String jobId) {
            return DELETED.add(jobId) ? 2 : 0;
        }

        @Override
        public Stream<BatchResult> results(String jobId) {
            Job j = JOBS.get(jobId);
            return j.lines().stream().map(line -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) Json.parse(line);
                String id = (String) m.get("id");
                if (id.startsWith("fail")) {
                    return BatchResult.failed(id, new InvalidRequestException(ErrorInfo.builder(ID, "batch.results")
                            .providerCode("400").httpStatus(400).build(), "the model refused " + id, null));
                }
                if (j.job().kind() == BatchKind.EMBEDDINGS) {
                    return BatchResult.of(id, new Embedding(0, new float[]{0.5f, ((String) m.get("text")).length()}));
                }
                return BatchResult.of(id, ChatResponse.builder().text("echo: " + m.get("last")).usage(new TokenUsage(3, 2))
                        .finishReason(FinishReason.STOP).provider(ID).model(j.job().model()).build());
            });
        }
    }
}
