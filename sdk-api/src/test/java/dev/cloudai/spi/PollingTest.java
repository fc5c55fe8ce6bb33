package dev.cloudai.spi;

import dev.cloudai.errors.DeadlineExceededException;
import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollingTest {
    /** A status check that fails with an HTTP status; 0 means it answers "Creating", -1 "InService". */
    static final class StatusError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        StatusError(int status) {
            super("status " + status);
            this.status = status;
        }
    }

    static final ErrorMapper MAPPER = (op, e) -> HttpErrors.fromStatus(
            ErrorInfo.builder("test", op).httpStatus(((StatusError) e).status).build(), e.getMessage(), null, e);

    private static Supplier<String> script(Integer... steps) {
        Deque<Integer> queue = new ArrayDeque<>(List.of(steps));
        return () -> {
            int s = queue.isEmpty() ? 0 : queue.poll();
            if (s > 0) throw new StatusError(s);
            return s == -1 ? "InService" : "Creating";
        };
    }

    @Test
    void pollsUntilDoneRidingOutRetryableFailures() {
        AtomicInteger polls = new AtomicInteger();
        Supplier<String> poll = script(0, 429, 503, 0, -1);
        String result = Polling.until("test", "deploy", Duration.ofSeconds(10), Duration.ofMillis(1), MAPPER,
                () -> {
                    polls.incrementAndGet();
                    return poll.get();
                }, "InService"::equals, s -> "endpoint is " + s);
        assertEquals("InService", result);
        assertEquals(5, polls.get(), "a throttled and an unavailable check did not end the wait");
    }

    @Test
    void aFailureThatWaitingWillNotFixEndsTheWaitMapped() {
        var e = assertThrows(InvalidRequestException.class, () -> Polling.until("test", "deploy", Duration.ofSeconds(10),
                Duration.ofMillis(1), MAPPER, script(0, 400), "InService"::equals, s -> s));
        assertEquals("deploy", e.operation());
    }

    @Test
    void theDeadlineEndsTheWaitSayingWhereTheOperationStands() {
        var e = assertThrows(DeadlineExceededException.class, () -> Polling.until("test", "deploy", Duration.ofMillis(30),
                Duration.ofMillis(5), MAPPER, script(), "InService"::equals, s -> "endpoint is " + s));
        assertTrue(e.getMessage().contains("not done after PT0.03S (endpoint is Creating)"), e.getMessage());
        assertTrue(e.getMessage().contains("call it again to resume waiting"), e.getMessage());
    }
}
