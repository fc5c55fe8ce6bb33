package dev.cloudai.invocation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tool names and parameter schemas every cloud takes; the rest fails naming the tool. */
class ToolSpecTest {

    @ParameterizedTest
    @ValueSource(strings = {"get_weather", "_private", "a", "Tool-2"})
    void namesEveryCloudTakesAreAccepted(String name) {
        assertEquals(name, ToolSpec.of(name, "d").name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1tool", "get.weather", "get weather", "-dash", "wetter_für_stadt"})
    void namesSomeCloudRefusesAreRefused(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolSpec.of(name, "d"));
        assertEquals("name: tool name \"" + name + "\" is not accepted by every cloud; use 1 to 64 letters, digits,"
                + " '_' or '-', starting with a letter or '_'", e.getMessage());
    }

    @Test
    void aNameHasAtMost64Characters() {
        assertEquals("t".repeat(64), ToolSpec.of("t".repeat(64), "d").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolSpec.of("t".repeat(65), "d"));
        assertTrue(e.getMessage().startsWith("name: tool name \"" + "t".repeat(65) + "\" is not accepted"), e.getMessage());
    }

    @Test
    void aSchemaThatIsNotJsonNamesTheTool() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolSpec.of("get_weather", "d", "{\"type\":\"object\""));
        assertTrue(e.getMessage().startsWith("parametersJsonSchema: tool \"get_weather\": is not valid JSON ("),
                e.getMessage());
    }

    @Test
    void aSchemaThatIsAnArrayNamesTheTool() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolSpec.of("get_weather", "d", "[{\"type\":\"object\"}]"));
        assertEquals("parametersJsonSchema: tool \"get_weather\": must be a JSON object, was an array", e.getMessage());
    }

    @Test
    void aSchemaWhoseTypeIsNotObjectNamesTheTool() {
        IllegalArgumentException string = assertThrows(IllegalArgumentException.class,
                () -> ToolSpec.of("get_weather", "d", "{\"type\":\"string\"}"));
        assertEquals("parametersJsonSchema: tool \"get_weather\": the top level must say \"type\":\"object\" (every"
                + " cloud passes arguments as an object), was \"string\"", string.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ToolSpec.of("get_weather", "d", "{\"properties\":{}}"));
        assertTrue(none.getMessage().endsWith("was no type"), none.getMessage());
    }

    @Test
    void aToolWithoutArgumentsGetsAnEmptyObjectSchema() {
        assertEquals("{\"type\":\"object\",\"properties\":{}}", ToolSpec.of("now", "").parametersJsonSchema());
    }

    @Test
    void aToolChoiceNamesAToolByTheSameRules() {
        assertEquals(Optional.of("get_weather"), ToolChoice.tool("get_weather").toolName());
        assertEquals(ToolChoice.Mode.TOOL, ToolChoice.tool("get_weather").mode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ToolChoice.tool("a.b"));
        assertTrue(e.getMessage().startsWith("name: tool name \"a.b\""), e.getMessage());
        assertEquals(Optional.empty(), ToolChoice.auto().toolName());
    }

    @Test
    void aToolCallWithBlankArgumentsHasAnEmptyObject() {
        assertEquals("{}", new ToolCall("c", "t", "").arguments());
        assertEquals("ToolCall[id=c, name=t, arguments=14 chars]", new ToolCall("c", "t", "{\"pin\":\"1234\"}").toString());
    }
}
