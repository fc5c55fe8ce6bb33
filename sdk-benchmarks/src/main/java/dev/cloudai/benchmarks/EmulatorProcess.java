package dev.cloudai.benchmarks;

import dev.cloudai.testkit.CloudEmulator;
import dev.cloudai.testkit.gcp.GcpCloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The GCP emulator ({@link GcpCloud}: Vertex AI and Cloud Storage) in a JVM of its own, so that a measurement of the
 * client's heap does not count the emulator's: the job's input and output bytes it stores, and WireMock's journal of
 * every request and response. The child prints one line with the configuration that reaches it once it listens,
 * and stops when its standard input closes: on {@link #close()}, or when the JVM that started it ends, however it
 * ends, so no emulator outlives its run.
 *
 * <pre>{@code
 * try (EmulatorProcess gcp = EmulatorProcess.startGcp()) {
 *     CloudAiConfig.Builder config = CloudAiConfig.builder();
 *     gcp.properties().forEach(config::property);   // cloudai.provider=gcp, cloudai.gcp.endpoint=http://127.0.0.1:PORT, ...
 * }
 * }</pre>
 */
final class EmulatorProcess implements AutoCloseable {
    /** What the child's line starts with; the tab-separated {@code key=value} pairs follow. */
    static final String READY = "cloudai-emulator-ready";
    /** Long enough for a cold JVM on a busy machine; a child that dies says so at once through its closed output. */
    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final Map<String, String> properties;
    private final Path log;

    private EmulatorProcess(Process process, Map<String, String> properties, Path log) {
        this.process = process;
        this.properties = properties;
        this.log = log;
    }

    /** Starts the GCP emulator in a child JVM on this JVM's class path and waits for its line. */
    static EmulatorProcess startGcp() {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("cloudai-gcp-emulator-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The emulator holds the job's input and output (and WireMock's journal of them): 2 GB is room for 200,000 lines.
            process = new ProcessBuilder(List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                    EmulatorProcess.class.getName()))
                    .redirectError(log.toFile())
                    .start();
            Process child = process;
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = CompletableFuture.supplyAsync(() -> readLine(out))
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null || !line.startsWith(READY)) {
                throw new IllegalStateException("the gcp emulator process ended before it listened (" + line + "): "
                        + tail(log));
            }
            Map<String, String> properties = new LinkedHashMap<>();
            for (String pair : line.substring(READY.length()).strip().split("\t")) {
                int eq = pair.indexOf('=');
                properties.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            // Whatever the child prints later is read and dropped, so that a full pipe never blocks it.
            Thread drain = new Thread(() -> drain(child.getInputStream()), "gcp-emulator-stdout");
            drain.setDaemon(true);
            drain.start();
            return new EmulatorProcess(child, Map.copyOf(properties), log);
        } catch (IOException e) {
            if (process != null) process.destroyForcibly();
            throw new UncheckedIOException("could not start the gcp emulator process", e);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the gcp emulator process did not listen within " + START_TIMEOUT_SECONDS
                    + " s: " + tail(log), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gcp emulator process started", e);
        } catch (ExecutionException | RuntimeException e) {
            if (process != null) process.destroyForcibly();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("could not read the gcp emulator's line", e);
        }
    }

    /** {@code cloudai.provider=gcp} and the keys that point the gcp adapter at the emulator. */
    Map<String, String> properties() {
        return properties;
    }

    /** Closes the child's input, which stops the emulator, and waits for it to end. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // a temporary file left behind
            }
        }
    }

    /** The child: starts the emulator, prints its line, and serves until its standard input closes. */
    public static void main(String[] args) throws IOException {
        try (CloudEmulator emulator = CloudEmulator.start(new GcpCloud())) {
            StringBuilder line = new StringBuilder(READY);
            emulator.properties("gcp").forEach((k, v) -> line.append('\t').append(k).append('=').append(v));
            System.out.println(line);
            System.out.flush();
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            while (in.read(buffer) >= 0) {
                // nothing is sent; the parent only ever closes this stream
            }
        }
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(InputStream in) {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the child ended
        }
    }

    private static String tail(Path log) {
        try {
            String all = Files.readString(log, StandardCharsets.UTF_8);
            return all.length() > 4000 ? "..." + all.substring(all.length() - 4000) : all;
        } catch (IOException | RuntimeException e) {
            return "(its log could not be read: " + e + ")";
        }
    }
}
