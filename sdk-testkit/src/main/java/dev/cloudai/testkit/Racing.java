package dev.cloudai.testkit;

import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls that start at the same moment, for tests of what must happen once under contention (a client built on first
 * use, say). Needs no test framework.
 *
 * <pre>{@code
 * List<String> texts = Racing.firstChats(ai.chatModel("default"), 16, Duration.ofSeconds(10));
 * }</pre>
 */
public final class Racing {
    private Racing() {
    }

    /**
     * Starts {@code racers} blocking chats on threads of their own, released together, and returns their texts.
     *
     * @throws IllegalStateException when a chat failed or did not answer within {@code wait}
     */
    public static List<String> firstChats(ChatModel chat, int racers, Duration wait) {
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(wait, "wait");
        if (racers < 1) throw new IllegalArgumentException("racers: must be at least 1, was " + racers);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                answers.add(pool.submit(() -> {
                    if (!start.await(wait.toMillis(), TimeUnit.MILLISECONDS)) throw new TimeoutException("never released");
                    return chat.chat(ChatRequest.ofUser(Canned.CHAT_PROMPT)).text();
                }));
            }
            start.countDown();
            List<String> texts = new ArrayList<>();
            for (Future<String> a : answers) texts.add(a.get(wait.toMillis(), TimeUnit.MILLISECONDS));
            return texts;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a racing chat failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("a racing chat did not answer within " + wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
