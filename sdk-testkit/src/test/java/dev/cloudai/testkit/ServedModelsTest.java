package dev.cloudai.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model ids an emulator answers (the decoding of ids in paths is proven by AwsCloudTest's requests). */
class ServedModelsTest {

    @Test
    void servesItsDefaultsAndWhatIsAddedAndNothingElse() {
        ServedModels models = new ServedModels(List.of("a"));
        models.add("b", "c");
        assertEquals(Set.of("a", "b", "c"), models.all());
        assertTrue(models.contains("b"));
        assertFalse(models.contains("default"));
        assertFalse(models.contains(null));
    }

    @Test
    void aBlankIdIsRejectedNamingTheField() {
        ServedModels models = new ServedModels(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> models.add(" "));
        assertEquals("modelIds: a model id must not be blank, was ' '", e.getMessage());
        assertThrows(NullPointerException.class, () -> models.add((String) null));
    }
}
