package com.example;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatChunk;
import dev.cloudai.invocation.ChatModel;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.FlowStreams;
import dev.cloudai.testkit.CloudEmulatorExtension;
import dev.cloudai.testkit.SampleModels;
import dev.cloudai.testkit.aws.AwsCloud;
import dev.cloudai.testkit.azure.AzureCloud;
import dev.cloudai.testkit.Canned;
import dev.cloudai.testkit.gcp.GcpCloud;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user's test does: all three emulators, and a chat (through the application's code) and a stream on each. */
class AllThreeCloudsTest {

    @RegisterExtension
    static final CloudEmulatorExtension EMULATOR = new CloudEmulatorExtension(new AwsCloud(), new GcpCloud(), new AzureCloud());

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void chatsAndStreamsOnEachCloud(String cloud) {
        try (CloudAi ai = CloudAi.create(EMULATOR.config(cloud).build())) {
            assertEquals(Canned.CHAT_TEXT, new AnswerService(ai).answer(SampleModels.chat(cloud), "Hello"));

            ChatModel chat = ai.chatModel(SampleModels.chat(cloud));
            try (Stream<ChatChunk> chunks = FlowStreams.toStream(chat.stream(ChatRequest.ofUser("Hello")))) {
                String streamed = chunks.filter(ChatChunk.TextDelta.class::isInstance)
                        .map(c -> ((ChatChunk.TextDelta) c).text())
                        .collect(Collectors.joining());
                assertEquals(Canned.CHAT_TEXT, streamed);
            }
        }
        assertEquals(2, EMULATOR.cloud(cloud).requestCount(), "one chat and one stream reached the " + cloud + " emulator");
    }
}
