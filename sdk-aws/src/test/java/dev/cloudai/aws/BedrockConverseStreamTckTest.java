package dev.cloudai.aws;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.contract.ChatStreamTck;

import java.util.List;

/**
 * The Reactive Streams TCK on a Bedrock chat stream ({@code ConverseStreamPublisher} over {@code EventStreamPublisher},
 * a ConverseStream call): n - 1 {@code contentBlockDelta} events, then {@code messageStop} and {@code metadata}
 * (shapes from the Bedrock ConverseStream API reference).
 */
public class BedrockConverseStreamTckTest extends ChatStreamTck {
    @Override
    protected EmulatedCloud newCloud() {
        return new AwsCloud();
    }

    @Override
    protected void serveStream(EmulatedCloud cloud, List<String> deltas) {
        ((AwsCloud) cloud).streamAnswer(deltas);
    }
}
