package dev.cloudai.spring.boot;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when the environment configures the model alias {@link #value()} for some provider
 * ({@code cloudai.models.<alias>.<provider>}, any relaxed spelling).
 *
 * <pre>{@code
 * @Bean @ConditionalOnModelAlias("default")
 * ChatModel chatModel(CloudAi ai) { return ai.chatModel("default"); }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnModelAliasCondition.class)
@interface ConditionalOnModelAlias {

    /** The alias, as in {@code cloudai.models.<alias>.<provider>}. */
    String value();
}
