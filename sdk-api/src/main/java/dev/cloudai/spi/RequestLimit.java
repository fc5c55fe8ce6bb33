package dev.cloudai.spi;

import dev.cloudai.errors.ErrorInfo;
import dev.cloudai.errors.InvalidRequestException;

import java.util.Locale;
import java.util.Objects;

/**
 * A limit a cloud publishes on what one request may carry (the bytes of a body, the characters of a message, the
 * items of a list), checked before the request is sent. A request over it fails at once with an
 * {@link InvalidRequestException} that names the limit, the request's size and where the limit is published:
 * sent zero times and not retried, where the cloud would have refused it after the upload, or (when the refusal looks
 * like a throttle) after every retry. Each adapter declares the limits of its cloud as constants and checks them
 * where it builds the request, measuring what it has at hand (the body it built, the text it sends), so nothing is
 * serialized twice.
 *
 * <pre>{@code
 * static final RequestLimit BODY = RequestLimit.bytes("a SageMaker InvokeEndpoint body", 6_291_456,
 *         "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_runtime_InvokeEndpoint.html");
 * BODY.check("aws", "invoke", body.length);   // InvalidRequestException when over 6,291,456 bytes
 * }</pre>
 *
 * <p>Why an {@code InvalidRequestException} and not an {@code IllegalArgumentException}: the request is valid for the
 * SDK's API; it is the cloud that refuses it, and a caller sees the same exception whether this check or the cloud
 * refused it (a 400 or 413 maps to it too). A limit that only one cloud has does not make the argument wrong.
 */
public final class RequestLimit {
    /** What a limit counts. */
    public enum Unit {
        BYTES("bytes"), CHARACTERS("characters"), ITEMS("items");

        private final String word;

        Unit(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /** The provider code of the neutral exception: a client-side refusal, as the pipeline's own conditions have. */
    public static final String PROVIDER_CODE = "RequestTooLarge";

    private final String subject;
    private final long max;
    private final Unit unit;
    private final String reference;

    private RequestLimit(String subject, long max, Unit unit, String reference) {
        if (subject == null || subject.isBlank()) throw new IllegalArgumentException("subject: must not be blank; say what is limited");
        if (max < 1) throw new IllegalArgumentException("max: must be at least 1, was " + max);
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("reference: must not be blank; give the URL that publishes the limit");
        }
        this.subject = subject;
        this.max = max;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.reference = reference;
    }

    /**
     * At most {@code max} bytes of {@code subject}, for example "a Bedrock InvokeModel body".
     *
     * @param reference the URL of the page that publishes the limit, quoted in the message
     */
    public static RequestLimit bytes(String subject, long max, String reference) {
        return new RequestLimit(subject, max, Unit.BYTES, reference);
    }

    /** At most {@code max} characters (Unicode code points) of {@code subject}, for example "a chat message". */
    public static RequestLimit characters(String subject, long max, String reference) {
        return new RequestLimit(subject, max, Unit.CHARACTERS, reference);
    }

    /** At most {@code max} items of {@code subject}, for example "the messages of a chat request". */
    public static RequestLimit items(String subject, long max, String reference) {
        return new RequestLimit(subject, max, Unit.ITEMS, reference);
    }

    /**
     * Throws when {@code size} is over the limit; returns quietly otherwise.
     *
     * @param providerId the provider whose cloud publishes the limit, for the exception
     * @param operation  the operation refused, for example {@code chat}
     * @param size       what the request carries, in this limit's unit
     * @throws InvalidRequestException when {@code size} exceeds {@link #max()}, naming both and the reference
     */
    public void check(String providerId, String operation, long size) {
        if (size <= max) return;
        throw new InvalidRequestException(ErrorInfo.builder(providerId, operation).providerCode(PROVIDER_CODE).build(),
                subject + " is " + format(size) + " " + unit + ", over the limit of " + format(max) + " " + unit
                        + " (" + reference + "); nothing was sent. Send less per call: shorten the input or split it"
                        + " over several requests", null);
    }

    /** {@link #check} of a text's length in characters, counted as code points only when it could matter. */
    public void checkCharacters(String providerId, String operation, CharSequence text) {
        if (unit != Unit.CHARACTERS) throw new IllegalStateException(this + " does not count characters");
        // a code point takes one or two chars: within the limit in chars means within it in code points
        if (text.length() <= max) return;
        check(providerId, operation, Character.codePointCount(text, 0, text.length()));
    }

    /** The largest size allowed, in {@link #unit()}. */
    public long max() {
        return max;
    }

    /** What the limit counts. */
    public Unit unit() {
        return unit;
    }

    @Override
    public String toString() {
        return "RequestLimit[" + subject + " <= " + format(max) + " " + unit + "]";
    }

    private static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
