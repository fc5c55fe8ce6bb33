package dev.cloudai.spring.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application on the Cloud AI starter: {@code POST /chat} answers with the {@code ChatModel} bean
 * the starter makes from {@code application.yml} ({@code cloudai.models.default.*}), and
 * {@code /actuator/health} shows each provider's circuits, and {@code /actuator/metrics/cloudai.calls} the
 * calls (sdk-micrometer on Actuator's registry). Nothing here is Cloud AI configuration code: the starter
 * does it all from the properties.
 *
 * <pre>{@code
 * curl -s localhost:8080/chat -H 'Content-Type: application/json' -d '{"prompt":"Why use Inferentia?"}'
 * }</pre>
 */
@SpringBootApplication
public class ChatApplication {

    public static void main(String[] args) {
        SpringApplication.run(ChatApplication.class, args);
    }
}
