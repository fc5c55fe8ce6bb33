/** AWS event-stream operations (ConverseStream, InvokeEndpointWithResponseStream) as {@code Flow.Publisher}s. Internal. */
package dev.cloudai.aws.streaming;
