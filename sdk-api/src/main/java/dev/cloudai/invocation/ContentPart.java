package dev.cloudai.invocation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One part of a user message: text, an image or a document. Images and documents travel inline as bytes; each
 * provider checks their size and type against its cloud's published limits before anything is sent.
 *
 * <pre>{@code
 * ChatMessage ask = ChatMessage.user(
 *         ContentPart.text("What is in this picture?"),
 *         ContentPart.image(Files.readAllBytes(Path.of("cat.png")), "image/png"));
 * ContentPart report = ContentPart.document(pdfBytes, "application/pdf", "report.pdf");
 * }</pre>
 */
public sealed interface ContentPart permits ContentPart.Text, ContentPart.Image, ContentPart.Document {

    /** Image types at least one cloud takes; each provider narrows this to its own list. */
    Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/heic", "image/heif");

    /** Document types at least one cloud takes; each provider narrows this to its own list. */
    Set<String> DOCUMENT_TYPES = Set.of("application/pdf", "text/plain", "text/csv", "text/html", "text/markdown",
            "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    /** A text part; must not be blank. */
    static ContentPart text(String text) {
        return new Text(text);
    }

    /** An image, for example {@code image(bytes, "image/png")}; the bytes are copied. */
    static ContentPart image(byte[] data, String mimeType) {
        return new Image(data, mimeType);
    }

    /** A document such as a PDF; {@code name} is the file name the model sees. The bytes are copied. */
    static ContentPart document(byte[] data, String mimeType, String name) {
        return new Document(data, mimeType, name);
    }

    /**
     * Text.
     *
     * @param text the text; never blank
     */
    record Text(String text) implements ContentPart {
        public Text {
            if (text == null || text.isBlank()) throw new IllegalArgumentException("text: must not be blank");
        }

        /** The length only; never the text (it may hold personal data). */
        @Override
        public String toString() { return "Text[" + text.length() + " chars]"; }
    }

    /**
     * An image, inline.
     *
     * @param data the encoded image (PNG, JPEG, ...); copied in and out
     * @param mimeType one of {@link #IMAGE_TYPES}, lower case
     */
    record Image(byte[] data, String mimeType) implements ContentPart {
        public Image {
            data = copyOf(data, "image");
            mimeType = checkType(mimeType, IMAGE_TYPES, "image");
        }

        /** A copy of the image's bytes. */
        @Override
        public byte[] data() { return data.clone(); }

        /** The image's size in bytes, without copying it. */
        public int size() { return data.length; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Image i && mimeType.equals(i.mimeType) && Arrays.equals(data, i.data);
        }

        @Override
        public int hashCode() { return 31 * mimeType.hashCode() + Arrays.hashCode(data); }

        /** Type and size only; never the bytes. */
        @Override
        public String toString() { return "Image[" + mimeType + ", " + data.length + " bytes]"; }
    }

    /**
     * A document, inline.
     *
     * @param data the file's bytes; copied in and out
     * @param mimeType one of {@link #DOCUMENT_TYPES}, lower case
     * @param name the file name the model sees, for example {@code report.pdf}; never blank
     */
    record Document(byte[] data, String mimeType, String name) implements ContentPart {
        public Document {
            data = copyOf(data, "document");
            mimeType = checkType(mimeType, DOCUMENT_TYPES, "document");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: a document needs a file name, such as \"report.pdf\"");
            }
        }

        /** A copy of the document's bytes. */
        @Override
        public byte[] data() { return data.clone(); }

        /** The document's size in bytes, without copying it. */
        public int size() { return data.length; }

        @Override
        public boolean equals(Object o) {
            return o instanceof Document d && mimeType.equals(d.mimeType) && name.equals(d.name)
                    && Arrays.equals(data, d.data);
        }

        @Override
        public int hashCode() { return Objects.hash(mimeType, name) * 31 + Arrays.hashCode(data); }

        /** Type, size and name only; never the bytes. */
        @Override
        public String toString() { return "Document[" + name + ", " + mimeType + ", " + data.length + " bytes]"; }
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static byte[] copyOf(byte[] data, String what) {
        if (data == null) throw new NullPointerException("data: the " + what + "'s bytes must not be null");
        if (data.length == 0) throw new IllegalArgumentException("data: the " + what + " is empty (0 bytes)");
        return data.clone();
    }

    private static String checkType(String mimeType, Set<String> known, String what) {
        if (mimeType == null) throw new NullPointerException("mimeType: must not be null");
        String type = mimeType.trim().toLowerCase(Locale.ROOT);
        if (!known.contains(type)) {
            throw new IllegalArgumentException("mimeType: \"" + mimeType + "\" is not " + article(what) + " " + what
                    + " type any cloud takes; use one of " + new java.util.TreeSet<>(known));
        }
        return type;
    }
}
