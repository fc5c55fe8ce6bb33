/**
 * What a cloud adapter implements: a {@link dev.cloudai.spi.ProviderFactory} found with {@link java.util.ServiceLoader}, its {@link dev.cloudai.spi.Provider} and its one {@link dev.cloudai.spi.ErrorMapper}, and for managed endpoints its {@link dev.cloudai.spi.EndpointPlatform}, which deploys the plans the core makes.
 */
package dev.cloudai.spi;
