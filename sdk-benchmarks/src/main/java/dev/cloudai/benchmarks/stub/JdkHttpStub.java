package dev.cloudai.benchmarks.stub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Bedrock Converse stub on the JDK's own HTTP server, for the cold-start benchmark: it shares no class with the
 * clients being started (the Netty {@link HttpStub} would load, before the clock starts, the Netty classes the SDK's
 * async client needs, and so hide part of a cold start).
 *
 * <pre>{@code
 * try (JdkHttpStub stub = JdkHttpStub.start()) { URI endpoint = stub.uri(); }
 * }</pre>
 */
public final class JdkHttpStub implements AutoCloseable {
    private static final byte[] NOT_FOUND = "{\"message\":\"the cold-start stub serves only Converse\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    /** Read here, so that the answer's class is loaded before a benchmark's clock starts. */
    private final byte[] converse = Answers.BEDROCK_CONVERSE;

    private JdkHttpStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the cold-start stub", e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jdk-http-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static JdkHttpStub start() {
        return new JdkHttpStub();
    }

    /** {@code http://127.0.0.1:<port>}, for {@code cloudai.aws.endpoint}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            boolean ok = "POST".equals(exchange.getRequestMethod()) && path.startsWith("/model/") && path.endsWith("/converse");
            byte[] body = ok ? converse : NOT_FOUND;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "6a0f0c8e-0000-4000-8000-000000000003");
            exchange.sendResponseHeaders(ok ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
