package dev.cloudai.benchmarks;

import dev.cloudai.CloudAiConfig;
import dev.cloudai.benchmarks.stub.HttpStub;

import java.time.Duration;

/**
 * {@link CallBenchmark} on Amazon Bedrock: one Converse call on {@code BedrockRuntimeClient} with the Apache HTTP
 * client, ours through the aws adapter, against {@link HttpStub}.
 *
 * <pre>
 * ./mvnw -q -Pbench -DskipTests verify -pl sdk-benchmarks -am -Djmh.args="BedrockCallBenchmark -prof gc"
 * </pre>
 */
public class BedrockCallBenchmark extends CallBenchmark {
    private HttpStub stub;
    private RawClients.Bedrock raw;

    @Override
    protected CloudAiConfig start() {
        stub = HttpStub.start(Duration.ZERO, 1);
        raw = RawClients.bedrock(stub.uri());
        return OurSide.aws(stub.uri()).build();
    }

    @Override
    protected String model() {
        return OurSide.BEDROCK_MODEL;
    }

    @Override
    protected String rawChat(String prompt) {
        return RawClients.text(raw.client().converse(RawClients.converseRequest(prompt)));
    }

    @Override
    protected void stop() {
        Closing.all(raw, stub);
    }
}
