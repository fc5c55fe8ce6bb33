package dev.cloudai.spring.boot;

import dev.cloudai.config.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Cloud AI {@link ConfigurationException} at start-up into Boot's "APPLICATION FAILED TO START" report: the
 * description is the exception's message (every problem, each naming its key, the value unless secret, and a "did
 * you mean" for a misspelt key), the action says where the keys go. Registered in {@code META-INF/spring.factories}.
 *
 * <pre>{@code
 * Description:
 * Invalid Cloud AI configuration: unknown key 'cloudai.aws.regoin' (from class path resource [application.yml] - 5:13); did you mean 'cloudai.aws.region'?
 * Action:
 * Correct the Cloud AI keys named above where the application sets them: application.properties or ...
 * }</pre>
 */
public final class CloudAiConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

    static final String ACTION = "Correct the Cloud AI keys named above where the application sets them: "
            + "application.properties or application.yml (and their profile variants), -D system properties, or "
            + "CLOUDAI_* environment variables (CLOUDAI_RETRY_MAX_ATTEMPTS for cloudai.retry.max-attempts). Relaxed "
            + "names such as cloudai.retry.maxAttempts are accepted. Every key, with its type, range and default, is in "
            + "the README's Configuration table and in your IDE's completion for application.properties.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), ACTION, cause);
    }
}
