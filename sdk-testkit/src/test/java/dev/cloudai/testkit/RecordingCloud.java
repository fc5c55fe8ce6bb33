package dev.cloudai.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An in-memory {@link EmulatedCloud} that records what {@link CloudEmulator} does to it, and can fail on cue. */
final class RecordingCloud implements EmulatedCloud {
    private final String id;
    private final Map<String, String> properties;
    final List<String> calls = new ArrayList<>();
    RuntimeException failOnStart;
    RuntimeException failOnClose;
    private boolean running;
    private int requests;

    RecordingCloud(String id, Map<String, String> properties) {
        this.id = id;
        this.properties = properties;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void start() {
        calls.add("start");
        if (failOnStart != null) throw failOnStart;
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public int requestCount() {
        return requests;
    }

    @Override
    public void reset() {
        calls.add("reset");
        requests = 0;
    }

    @Override
    public void inject(Fault fault, int times) {
        calls.add("inject " + fault + " x" + times);
    }

    @Override
    public void close() {
        calls.add("close");
        running = false;
        if (failOnClose != null) throw failOnClose;
    }

    @Override
    public String toString() {
        return "RecordingCloud[" + id + "]";
    }
}
