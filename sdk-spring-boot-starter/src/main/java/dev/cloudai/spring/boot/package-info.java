/**
 * Spring Boot 4 auto-configuration of the Cloud AI SDK. With {@code sdk-spring-boot-starter} and an adapter on the
 * classpath, a {@link dev.cloudai.CloudAi} bean is built from the application's {@code cloudai.*} properties (the
 * SDK's own keys, with Boot's relaxed names, profiles and environment variables: {@link
 * dev.cloudai.spring.boot.CloudAiEnvironment}), with every {@link dev.cloudai.resilience.CallListener} bean attached
 * (a {@code MicrometerListener} and an {@code OpenTelemetryListener} among them when those modules and their
 * registry or {@code OpenTelemetry} bean are present);
 * {@code chatModel} and {@code embeddingModel} beans for the aliases {@code default} and {@code embed}; a health
 * indicator per provider from its circuit states ({@link dev.cloudai.spring.boot.CloudAiCircuitStates}); a readable
 * start-up failure for a bad configuration ({@link dev.cloudai.spring.boot.CloudAiConfigurationFailureAnalyzer}); and
 * IDE metadata for every key.
 *
 * <pre>{@code
 * @RestController
 * class ChatController {
 *     private final ChatModel chat;
 *     ChatController(ChatModel chat) { this.chat = chat; }     // cloudai.models.default.<provider>
 *     @PostMapping("/chat") String chat(@RequestBody String prompt) {
 *         return chat.chat(ChatRequest.ofUser(prompt)).text();
 *     }
 * }
 * }</pre>
 */
package dev.cloudai.spring.boot;
