package dev.cloudai.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputTest {

    @Test
    void jsonEscapesTextAndWritesNumbersOptionalsAndVectors() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("text", "say \"hi\"\n\\ \t\u0001");
        doc.put("whole", 8.0);
        doc.put("fraction", 0.125);
        doc.put("tiny", 2.5e-7);
        doc.put("nan", Double.NaN);
        doc.put("none", Optional.empty());
        doc.put("price", OptionalDouble.of(6.49063));
        doc.put("vector", new float[]{0.1f, 1.875f});
        doc.put("list", List.of(true, 3));
        String json = Json.write(doc);
        assertTrue(json.startsWith("{\"text\":\"say \\\"hi\\\"\\n\\\\ \\t\\u0001\",\"whole\":8,\"fraction\":0.125,"), json);
        assertTrue(json.contains("\"vector\":[0.1,1.875]"), json);

        JsonNode back = new ObjectMapper().readTree(json);
        assertEquals("say \"hi\"\n\\ \t\u0001", back.get("text").asText());
        assertEquals(2.5e-7, back.get("tiny").asDouble());
        assertTrue(back.get("nan").isNull());
        assertTrue(back.get("none").isNull());
        assertEquals(6.49063, back.get("price").asDouble());
        assertEquals(0.1f, (float) back.get("vector").get(0).asDouble());
        assertEquals("[true,3]", back.get("list").toString());
    }

    @Test
    void tableAlignsColumnsAndRightAlignsNumbers() {
        StringWriter text = new StringWriter();
        new Table("name", ">price").row("a", "1.50").row("longer", "12.00").print(new PrintWriter(text));
        List<String> lines = Arrays.asList(text.toString().split("\\R"));
        assertEquals(List.of("name    price", "a        1.50", "longer  12.00"), lines);
    }
}
