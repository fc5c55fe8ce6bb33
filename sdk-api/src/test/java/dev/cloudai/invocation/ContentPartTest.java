package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text, image and document parts: checked when made, copied in and out, compared by content, printed without it. */
class ContentPartTest {
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

    @Test
    void anUnknownImageTypeIsNamedWithTheTypesThatWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentPart.image(PNG, "image/bmp"));
        assertEquals("mimeType: \"image/bmp\" is not an image type any cloud takes; use one of [image/gif, image/heic,"
                + " image/heif, image/jpeg, image/png, image/webp]", e.getMessage());
        IllegalArgumentException doc = assertThrows(IllegalArgumentException.class,
                () -> ContentPart.document(PNG, "image/png", "x.png"));
        assertTrue(doc.getMessage().startsWith("mimeType: \"image/png\" is not a document type any cloud takes"),
                doc.getMessage());
    }

    @Test
    void aMimeTypeIsTakenInAnyCaseAndKeptInLowerCase() {
        ContentPart.Image image = (ContentPart.Image) ContentPart.image(PNG, " Image/PNG ");
        assertEquals("image/png", image.mimeType());
    }

    @Test
    void emptyBytesAreRefused() {
        IllegalArgumentException image = assertThrows(IllegalArgumentException.class,
                () -> ContentPart.image(new byte[0], "image/png"));
        assertEquals("data: the image is empty (0 bytes)", image.getMessage());
        IllegalArgumentException doc = assertThrows(IllegalArgumentException.class,
                () -> ContentPart.document(new byte[0], "application/pdf", "r.pdf"));
        assertEquals("data: the document is empty (0 bytes)", doc.getMessage());
    }

    @Test
    void aDocumentNeedsAFileName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentPart.document(PNG, "application/pdf", " "));
        assertTrue(e.getMessage().startsWith("name: a document needs a file name"), e.getMessage());
    }

    @Test
    void theBytesAreCopiedInAndOut() {
        byte[] mine = PNG.clone();
        ContentPart.Image image = (ContentPart.Image) ContentPart.image(mine, "image/png");
        ContentPart.Document doc = (ContentPart.Document) ContentPart.document(mine, "application/pdf", "r.pdf");
        mine[0] = 0;
        assertArrayEquals(PNG, image.data(), "changing the caller's array changes nothing");
        assertArrayEquals(PNG, doc.data());
        image.data()[1] = 0;
        doc.data()[1] = 0;
        assertArrayEquals(PNG, image.data(), "changing the returned array changes nothing");
        assertArrayEquals(PNG, doc.data());
        assertEquals(PNG.length, image.size());
        assertEquals(PNG.length, doc.size());
    }

    @Test
    void partsAreEqualByContent() {
        assertEquals(ContentPart.image(PNG, "image/png"), ContentPart.image(PNG.clone(), "image/png"));
        assertEquals(ContentPart.image(PNG, "image/png").hashCode(), ContentPart.image(PNG.clone(), "image/png").hashCode());
        assertNotEquals(ContentPart.image(PNG, "image/png"), ContentPart.image(PNG, "image/gif"));
        assertNotEquals(ContentPart.image(PNG, "image/png"), ContentPart.image(new byte[]{1}, "image/png"));
        assertEquals(ContentPart.document(PNG, "application/pdf", "a.pdf"), ContentPart.document(PNG.clone(), "application/pdf", "a.pdf"));
        assertEquals(ContentPart.document(PNG, "application/pdf", "a.pdf").hashCode(),
                ContentPart.document(PNG.clone(), "application/pdf", "a.pdf").hashCode());
        assertNotEquals(ContentPart.document(PNG, "application/pdf", "a.pdf"), ContentPart.document(PNG, "application/pdf", "b.pdf"));
        assertEquals(ContentPart.text("hi"), ContentPart.text("hi"));
    }

    @Test
    void toStringShowsTypeAndSizeButNeverTheContent() {
        assertEquals("Image[image/png, 7 bytes]", ContentPart.image(PNG, "image/png").toString());
        assertEquals("Document[report.pdf, application/pdf, 7 bytes]",
                ContentPart.document(PNG, "application/pdf", "report.pdf").toString());
        String text = ContentPart.text("my secret diagnosis").toString();
        assertFalse(text.contains("secret"), text);
        assertEquals("Text[19 chars]", text);
    }

    @Test
    void blankTextIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContentPart.text(" \n"));
        assertEquals("text: must not be blank", e.getMessage());
    }
}
