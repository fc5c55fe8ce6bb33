package dev.cloudai.spi;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The model servers' error bodies, as the clouds relay them from a failing container. */
class ServerErrorsTest {

    @Test
    void vllmsErrorResponseGivesTheMessageStatusAndType() {
        assertEquals(Optional.of(new ServerErrors.ServerError("This model's maximum context length is 8192 tokens",
                        OptionalInt.of(400), Optional.of("BadRequestError"))),
                ServerErrors.parse("{\"object\":\"error\",\"message\":\"This model's maximum context length is 8192 tokens\","
                        + "\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"));
    }

    @Test
    void tgisErrorGivesTheMessageAndTheErrorType() {
        assertEquals(Optional.of(new ServerErrors.ServerError("Model is overloaded", OptionalInt.empty(), Optional.of("overloaded"))),
                ServerErrors.parse(" {\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"} "));
    }

    @Test
    void openAisNestedErrorGivesTheMessageAndANumericStringCode() {
        assertEquals(Optional.of(new ServerErrors.ServerError("Rate limit reached", OptionalInt.of(429), Optional.of("requests"))),
                ServerErrors.parse("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"429\"}}"));
    }

    @Test
    void aCodeThatIsNoHttpErrorStatusIsNoStatus() {
        assertEquals(OptionalInt.empty(), ServerErrors.parse("{\"object\":\"error\",\"message\":\"m\",\"code\":200}")
                .orElseThrow().status());
        assertEquals(OptionalInt.empty(), ServerErrors.parse("{\"object\":\"error\",\"message\":\"m\",\"code\":400.5}")
                .orElseThrow().status());
        assertEquals(OptionalInt.empty(), ServerErrors.parse("{\"error\":{\"message\":\"m\",\"code\":\"context_length_exceeded\"}}")
                .orElseThrow().status());
    }

    @Test
    void otherBodiesAreNoServerError() {
        for (String body : new String[]{null, "", "upstream connect error", "[1,2]", "{\"error\":\"\"}", "{\"message\":\"m\"}",
                "{\"object\":\"list\",\"message\":\"m\"}", "{\"error\":{\"code\":\"x\"}}", "{not json"}) {
            assertEquals(Optional.empty(), ServerErrors.parse(body), () -> "body " + body);
        }
    }
}
