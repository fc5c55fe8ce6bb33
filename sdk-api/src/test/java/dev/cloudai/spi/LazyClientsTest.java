package dev.cloudai.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Clients built on first use, once, and closed together: newest first, only what was built. */
class LazyClientsTest {
    private final List<String> closed = Collections.synchronizedList(new ArrayList<>());

    private AutoCloseable client(String name) {
        return () -> closed.add(name);
    }

    @Test
    void nothingIsBuiltUntilFirstUseThenTheSameClientEveryTime() {
        LazyClients clients = new LazyClients("test");
        AtomicInteger builds = new AtomicInteger();
        Supplier<AutoCloseable> http = clients.add("http", () -> {
            builds.incrementAndGet();
            return client("http");
        });
        assertEquals(List.of(), clients.built());
        assertSame(http.get(), http.get());
        assertEquals(1, builds.get());
        assertEquals(List.of("http"), clients.built());
    }

    @Test
    void callersRacingOnTheFirstUseGetOneClient() throws Exception {
        int racers = 16;
        LazyClients clients = new LazyClients("test");
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch arrived = new CountDownLatch(racers);
        Supplier<AutoCloseable> chat = clients.add("chat", () -> {
            builds.incrementAndGet();
            try {   // the first builder waits for every racer to ask: they are all inside get() meanwhile
                assertTrue(arrived.await(10, TimeUnit.SECONDS), "every racer asked for the client");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return client("chat");
        });
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<AutoCloseable>> got = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                got.add(pool.submit(() -> {
                    arrived.countDown();
                    return chat.get();
                }));
            }
            AutoCloseable first = got.get(0).get(10, TimeUnit.SECONDS);
            for (Future<AutoCloseable> f : got) assertSame(first, f.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, builds.get(), "clients built by " + racers + " racing first uses");
        assertEquals(List.of("chat"), clients.built());
    }

    @Test
    void closeClosesWhatWasBuiltNewestFirstAndNothingElse() {
        LazyClients clients = new LazyClients("test");
        Supplier<AutoCloseable> http = clients.add("http", () -> client("http"));
        Supplier<AutoCloseable> chat = clients.add("chat", () -> {
            http.get();   // built on the HTTP client, which is therefore built first
            return client("chat");
        });
        Supplier<AutoCloseable> deploy = clients.add("deploy", () -> client("deploy"));
        chat.get();
        clients.close();
        assertEquals(List.of("chat", "http"), closed, "closed: the clients built, the last built first");
        assertEquals(List.of("http", "chat"), clients.built(), "closing built nothing");
        IllegalStateException e = assertThrows(IllegalStateException.class, deploy::get);
        assertTrue(e.getMessage().contains("test provider is closed") && e.getMessage().contains("deploy"), e::getMessage);
        assertThrows(IllegalStateException.class, chat::get, "a closed client is not handed out either");
        clients.close();
        assertEquals(2, closed.size(), "close is idempotent");
    }

    @Test
    void closingBeforeAnyUseBuildsAndClosesNothing() {
        LazyClients clients = new LazyClients("test");
        AtomicInteger builds = new AtomicInteger();
        clients.add("http", () -> {
            builds.incrementAndGet();
            return client("http");
        });
        clients.close();
        assertEquals(0, builds.get());
        assertEquals(List.of(), closed);
        assertTrue(clients.isClosed());
    }

    @Test
    void aClientThatFailsToCloseDoesNotKeepTheOthersOpen() {
        LazyClients clients = new LazyClients("test");
        clients.add("http", () -> client("http")).get();
        clients.add("loop", () -> "event loop", loop -> {
            throw new IllegalStateException("boom");
        }).get();
        clients.add("chat", () -> client("chat")).get();
        IllegalStateException e = assertThrows(IllegalStateException.class, clients::close);
        assertTrue(e.getMessage().contains("closing the test clients failed"), e::getMessage);
        assertEquals("boom", e.getCause().getMessage());
        assertEquals(List.of("chat", "http"), closed);
    }
}
