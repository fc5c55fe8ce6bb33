/**
 * The neutral API of the Cloud AI SDK and the SPI its cloud adapters implement.
 *
 * <p>Only the API packages and the SPI are exported; everything under {@code dev.cloudai.internal} is the SDK's own
 * and may change in any release. On the class path the same line is held by the build (an ArchUnit rule fails when
 * code outside this module uses an internal type).
 *
 * <pre>{@code
 * module my.service {
 *     requires dev.cloudai;          // the API; add dev.cloudai.aws, dev.cloudai.gcp or dev.cloudai.azure at run time
 * }
 * }</pre>
 */
module dev.cloudai {
    requires java.net.http;     // HttpErrors classifies the JDK client's timeouts
    requires org.slf4j;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.bulkhead;

    exports dev.cloudai;
    exports dev.cloudai.accelerator;
    exports dev.cloudai.batch;
    exports dev.cloudai.config;
    exports dev.cloudai.deployment;
    exports dev.cloudai.errors;
    exports dev.cloudai.invocation;
    exports dev.cloudai.pricing;
    exports dev.cloudai.resilience;
    exports dev.cloudai.spi;
    exports dev.cloudai.spi.json;

    uses dev.cloudai.spi.ProviderFactory;
}
