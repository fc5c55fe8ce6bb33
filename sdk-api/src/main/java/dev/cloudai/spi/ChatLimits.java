package dev.cloudai.spi;

import dev.cloudai.internal.util.Arguments;
import dev.cloudai.invocation.ChatMessage;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ContentPart;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one cloud's chat API takes inline: image and document types, sizes and counts, from the cloud's published
 * limits. Each adapter declares its limits once and calls {@link #check(ChatRequest)} before sending, so a part
 * the cloud would refuse fails at once with the field named, and nothing is sent.
 *
 * <pre>{@code
 * static final ChatLimits BEDROCK = ChatLimits.builder("aws")
 *         .images(Set.of("image/png", "image/jpeg"), 3_750_000, 20)
 *         .documents(Set.of("application/pdf"), 4_500_000, 5)
 *         .build();
 * BEDROCK.check(request);   // IllegalArgumentException "messages[1].parts[2]: image of 31.50 MB (31,500,000 bytes) is over ..."
 * }</pre>
 */
public final class ChatLimits {
    private final String provider;
    private final Set<String> imageTypes;
    private final long maxImageBytes;
    private final int maxImages;
    private final Set<String> documentTypes;
    private final long maxDocumentBytes;
    private final int maxDocuments;
    private final String documentsAlternative;
    private final long maxInlineBytes;

    private ChatLimits(Builder b) {
        this.provider = b.provider;
        this.imageTypes = b.imageTypes;
        this.maxImageBytes = b.maxImageBytes;
        this.maxImages = b.maxImages;
        this.documentTypes = b.documentTypes;
        this.maxDocumentBytes = b.maxDocumentBytes;
        this.maxDocuments = b.maxDocuments;
        this.documentsAlternative = b.documentsAlternative;
        this.maxInlineBytes = b.maxInlineBytes;
    }

    /** Starts the limits of {@code provider}'s chat; with no call, it takes no images and no documents. */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /**
     * The exception for a feature a cloud or model cannot do: it names the feature, the provider and what to do
     * instead, so nothing is dropped silently.
     */
    public static UnsupportedOperationException unsupported(String provider, String feature, String alternative) {
        return new UnsupportedOperationException(feature + " is not supported by provider " + provider + "; "
                + alternative);
    }

    /**
     * Refuses an image or document this cloud would refuse: an unsupported type, one over the size limit, too
     * many, or a document where the cloud takes none. Text-only requests pass at once.
     *
     * @throws IllegalArgumentException naming {@code messages[i].parts[j]} for a type, size or count
     * @throws UnsupportedOperationException when the cloud takes no documents, naming the alternative
     */
    public void check(ChatRequest request) {
        Objects.requireNonNull(request, "request: must not be null");
        List<ChatMessage> messages = request.messages();
        int images = 0;
        int documents = 0;
        long inline = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (!m.hasMedia()) continue;
            List<ContentPart> parts = m.parts();
            for (int j = 0; j < parts.size(); j++) {
                String field = "messages[" + i + "].parts[" + j + "]";
                if (parts.get(j) instanceof ContentPart.Image image) {
                    images++;
                    inline += image.size();
                    checkPart(field, "image", image.mimeType(), image.size(), imageTypes, maxImageBytes);
                    if (images > maxImages) {
                        throw new IllegalArgumentException(field + ": " + provider + " takes at most " + maxImages
                                + " images in one request");
                    }
                } else if (parts.get(j) instanceof ContentPart.Document doc) {
                    if (documentsAlternative != null) {
                        throw unsupported(provider, field + ": a document (" + doc.name() + ")", documentsAlternative);
                    }
                    documents++;
                    inline += doc.size();
                    checkPart(field, "document", doc.mimeType(), doc.size(), documentTypes, maxDocumentBytes);
                    if (documents > maxDocuments) {
                        throw new IllegalArgumentException(field + ": " + provider + " takes at most " + maxDocuments
                                + " documents in one request");
                    }
                }
                if (inline > maxInlineBytes) {
                    throw new IllegalArgumentException(field + ": the request's images and documents come to "
                            + megabytes(inline) + ", over " + provider + "'s limit of " + megabytes(maxInlineBytes)
                            + " inline");
                }
            }
        }
    }

    private void checkPart(String field, String what, String type, long size, Set<String> types, long maxBytes) {
        if (types.isEmpty()) {
            throw unsupported(provider, field + ": " + ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what,
                    "send text instead");
        }
        if (!types.contains(type)) {
            throw new IllegalArgumentException(field + ": " + provider + " does not take " + what + "s of type "
                    + type + "; use one of " + new TreeSet<>(types));
        }
        if (size > maxBytes) {
            throw new IllegalArgumentException(field + ": " + what + " of " + megabytes(size) + " is over "
                    + provider + "'s limit of " + megabytes(maxBytes) + " per " + what);
        }
    }

    /** "1.50 MB (1,500,001 bytes)": the megabytes to read, the bytes because rounding can make two sizes look equal. */
    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f MB (%,d bytes)", bytes / 1_000_000.0, bytes);
    }

    /** Builds {@link ChatLimits}. */
    public static final class Builder {
        private final String provider;
        private Set<String> imageTypes = Set.of();
        private long maxImageBytes;
        private int maxImages;
        private Set<String> documentTypes = Set.of();
        private long maxDocumentBytes;
        private int maxDocuments;
        private String documentsAlternative = "send the document's text instead";
        private long maxInlineBytes = Long.MAX_VALUE;

        private Builder(String provider) {
            if (provider == null || provider.isBlank()) throw new IllegalArgumentException("provider: must not be blank");
            this.provider = provider;
        }

        /** The image types, the largest image in bytes and the most images in one request. */
        public Builder images(Set<String> types, long maxBytes, int maxCount) {
            this.imageTypes = Arguments.setOf(types, "types");
            positive(maxBytes, "maxBytes");
            positive(maxCount, "maxCount");
            this.maxImageBytes = maxBytes;
            this.maxImages = maxCount;
            return this;
        }

        /** The document types, the largest document in bytes and the most documents in one request. */
        public Builder documents(Set<String> types, long maxBytes, int maxCount) {
            this.documentTypes = Arguments.setOf(types, "types");
            positive(maxBytes, "maxBytes");
            positive(maxCount, "maxCount");
            this.maxDocumentBytes = maxBytes;
            this.maxDocuments = maxCount;
            this.documentsAlternative = null;
            return this;
        }

        /** The cloud takes no documents; {@code alternative} tells the caller what to do instead. */
        public Builder noDocuments(String alternative) {
            if (alternative == null || alternative.isBlank()) {
                throw new IllegalArgumentException("alternative: say what to do instead, such as \"send the text\"");
            }
            this.documentsAlternative = alternative;
            return this;
        }

        /** The most bytes of images and documents together in one request. */
        public Builder maxInlineBytes(long bytes) {
            positive(bytes, "bytes");
            this.maxInlineBytes = bytes;
            return this;
        }

        private static void positive(long value, String field) {
            if (value < 1) throw new IllegalArgumentException(field + ": must be positive, was " + value);
        }

        public ChatLimits build() {
            return new ChatLimits(this);
        }
    }
}
