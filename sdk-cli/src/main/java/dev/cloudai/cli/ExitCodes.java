package dev.cloudai.cli;

/**
 * The exit codes of {@code cloudai}, one per kind of failure, so a script can tell a typo in its own arguments
 * from a broken configuration or a failing cloud.
 *
 * <pre>{@code
 * cloudai chat "Hello" || case $? in 3) echo "fix cloudai.properties";; 5) echo "the cloud failed";; esac
 * }</pre>
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** Something unexpected failed inside the tool; the message says what. */
    public static final int INTERNAL = 1;
    /** The command line is wrong: an unknown option or subcommand, a missing or malformed value (picocli's code). */
    public static final int USAGE = 2;
    /** The configuration is wrong: an unknown key, a bad value, a missing provider or adapter. */
    public static final int CONFIGURATION = 3;
    /** A value is wrong for the SDK, for example an unknown accelerator name or a deployment without an image. */
    public static final int BAD_ARGUMENT = 4;
    /** The cloud refused or failed the call (throttled, not found, unavailable, bad credentials...). */
    public static final int CLOUD = 5;

    private ExitCodes() {
    }
}
