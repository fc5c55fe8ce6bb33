package dev.cloudai.spring.boot;

import dev.cloudai.config.ConfigKeys;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Map;

/**
 * The condition of {@link ConditionalOnModelAlias}: reads the keys as the {@code CloudAi} bean will, through
 * {@link CloudAiEnvironment}, so a relaxed spelling counts.
 *
 * <pre>{@code
 * @Conditional(OnModelAliasCondition.class)   // through @ConditionalOnModelAlias("embed")
 * }</pre>
 */
final class OnModelAliasCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnModelAlias.class.getName());
        String alias = (String) attributes.get("value");
        String prefix = ConfigKeys.MODELS_PREFIX + alias + ".";
        return CloudAiEnvironment.properties(context.getEnvironment()).keySet().stream()
                .filter(k -> k.startsWith(prefix)).findFirst()
                .map(k -> ConditionOutcome.match("model alias '" + alias + "' is configured (" + k + ")"))
                .orElseGet(() -> ConditionOutcome.noMatch("no " + prefix + "<provider> is configured"));
    }
}
