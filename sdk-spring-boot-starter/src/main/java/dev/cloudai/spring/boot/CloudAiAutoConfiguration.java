package dev.cloudai.spring.boot;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.EmbeddingModel;
import dev.cloudai.resilience.CallListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configures a {@link CloudAi} from the application's {@code cloudai.*} properties ({@link CloudAiEnvironment}:
 * the SDK's keys, with Boot's relaxed names and profiles), with every {@link CallListener} bean attached in
 * {@code @Order} / {@link org.springframework.core.Ordered} order; a {@link ChatModel} bean {@code chatModel} for the
 * alias {@code default} and an {@link EmbeddingModel} bean {@code embeddingModel} for the alias {@code embed}, when
 * those aliases are configured. Each bean backs off when the application defines its own. A bad configuration fails
 * start-up with the SDK's {@code ConfigurationException}, which {@link CloudAiConfigurationFailureAnalyzer} reports.
 *
 * <pre>{@code
 * # application.yml
 * cloudai:
 *   provider: aws
 *   aws.region: us-east-1
 *   models.default.aws: anthropic.claude-3-haiku-20240307-v1:0
 * }</pre>
 */
@AutoConfiguration
@ConditionalOnClass(CloudAi.class)
public class CloudAiAutoConfiguration {

    /** The circuit states the health indicator reports; a {@link CallListener} bean, so attached like the others. */
    @Bean
    @ConditionalOnMissingBean
    public CloudAiCircuitStates cloudAiCircuitStates() {
        return new CloudAiCircuitStates();
    }

    /** The client, closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public CloudAi cloudAi(Environment environment, ObjectProvider<CallListener> listeners) {
        return CloudAi.create(CloudAiEnvironment.config(environment).build(),
                listeners.orderedStream().toArray(CallListener[]::new));
    }

    /** The chat model of the alias {@code default}; owned by the {@code CloudAi}, which closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @ConditionalOnModelAlias("default")
    public ChatModel chatModel(CloudAi cloudAi) {
        return cloudAi.chatModel("default");
    }

    /** The embedding model of the alias {@code embed}; owned by the {@code CloudAi}, which closes it. */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    @ConditionalOnModelAlias("embed")
    public EmbeddingModel embeddingModel(CloudAi cloudAi) {
        return cloudAi.embeddingModel("embed");
    }
}
