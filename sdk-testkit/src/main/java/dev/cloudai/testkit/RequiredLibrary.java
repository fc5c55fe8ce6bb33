package dev.cloudai.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A library an emulator needs that sdk-testkit declares optional, so that a project testing against one cloud is not
 * handed the other clouds' libraries. An emulator checks its libraries first thing in {@code start()}: a missing one
 * is then an {@link IllegalStateException} that names the artifact to add, not a {@link NoClassDefFoundError} from
 * deep inside the server.
 *
 * <pre>{@code
 * static final RequiredLibrary EVENTSTREAM = new RequiredLibrary("software.amazon.eventstream", "eventstream",
 *         "software.amazon.eventstream.Message", "dev.cloudai:sdk-aws brings it");
 *
 * public void start() {
 *     RequiredLibrary.requireAll(AwsCloud.class, EVENTSTREAM);   // "AwsCloud needs software.amazon.eventstream:eventstream ..."
 *     ...
 * }
 * }</pre>
 *
 * @param groupId    the artifact's Maven group id
 * @param artifactId the artifact's Maven artifact id
 * @param probeClass a class of the artifact, whose presence proves it on the classpath
 * @param hint       where a user gets it, for example {@code "dev.cloudai:sdk-gcp brings it"} or {@code "test scope"}
 */
public record RequiredLibrary(String groupId, String artifactId, String probeClass, String hint) {

    public RequiredLibrary {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(probeClass, "probeClass");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code groupId:artifactId}. */
    public String coordinates() {
        return groupId + ":" + artifactId;
    }

    /**
     * Checks that every library is on the class path of {@code emulator}'s class loader.
     *
     * @throws IllegalStateException naming each missing artifact, and that sdk-bom manages its version
     */
    public static void requireAll(Class<?> emulator, RequiredLibrary... libraries) {
        Objects.requireNonNull(emulator, "emulator");
        List<RequiredLibrary> missing = new ArrayList<>();
        for (RequiredLibrary library : libraries) {
            if (!library.isPresent(emulator.getClassLoader())) missing.add(library);
        }
        if (missing.isEmpty()) return;
        String names = missing.stream()
                .map(l -> l.coordinates() + " (" + l.hint() + "; class " + l.probeClass() + " not found)")
                .collect(Collectors.joining(" and "));
        throw new IllegalStateException(emulator.getSimpleName() + " needs " + names + ", which sdk-testkit declares"
                + " optional so that testing one cloud does not bring the others' libraries: "
                + (missing.size() == 1 ? "add it, version managed by dev.cloudai:sdk-bom"
                                       : "add them, versions managed by dev.cloudai:sdk-bom")
                + " (see sdk-testkit's README).");
    }

    private boolean isPresent(ClassLoader loader) {
        try {
            Class.forName(probeClass, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
