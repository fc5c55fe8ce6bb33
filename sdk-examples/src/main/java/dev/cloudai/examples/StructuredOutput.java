package dev.cloudai.examples;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ChatResponse;
import dev.cloudai.invocation.JsonRecords;
import dev.cloudai.invocation.ResponseFormat;

import java.io.PrintStream;
import java.util.List;

/**
 * Get a Java record back from the model: the record's JSON schema goes with the request (each cloud's own
 * structured-output format), and the answer's JSON is read back into the record. No JSON library needed.
 *
 * <pre>{@code
 * record Tpu(String name, int memoryGib) {}
 * record Tpus(List<Tpu> tpus) {}
 * ChatResponse r = chat.chat(ChatRequest.builder().user("List three Google TPUs")
 *         .responseFormat(ResponseFormat.jsonSchema(Tpus.class)).build());
 * Tpus tpus = JsonRecords.read(r.text(), Tpus.class);
 * }</pre>
 *
 * Run: {@code java -cp ... dev.cloudai.examples.StructuredOutput [--provider azure] [--live]}
 */
public final class StructuredOutput {
    private StructuredOutput() {
    }

    /** One accelerator, as the model describes it. */
    public record Tpu(@JsonRecords.Description("the TPU generation, e.g. v5e") String name,
                      @JsonRecords.Description("high-bandwidth memory per chip in GiB") int memoryGib) {
    }

    /** The whole answer. */
    public record Tpus(List<Tpu> tpus) {
    }

    public static void main(String[] args) {
        System.exit(ExampleCloud.run(args, StructuredOutput::run));
    }

    static void run(ExampleCloud cloud, PrintStream out) {
        try (CloudAi ai = cloud.connect()) {
            ChatResponse r = ai.chatModel("default").chat(ChatRequest.builder()
                    .user("List three Google TPU generations with their memory per chip.")
                    .responseFormat(ResponseFormat.jsonSchema(Tpus.class))
                    .maxTokens(400)
                    .build());
            Tpus tpus = JsonRecords.read(r.text(), Tpus.class);
            out.println("JSON:   " + r.text());
            for (Tpu tpu : tpus.tpus()) out.printf("Record: %s with %d GiB per chip%n", tpu.name(), tpu.memoryGib());
            out.printf("(%s %s, stopped: %s)%n", r.provider(), r.model(), r.finishReason());
        }
    }
}
