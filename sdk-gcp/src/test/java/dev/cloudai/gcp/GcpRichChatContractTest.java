package dev.cloudai.gcp;

import dev.cloudai.testkit.EmulatedCloud;
import dev.cloudai.testkit.contract.RichChatContract;
import dev.cloudai.testkit.gcp.GcpCloud;

/** The rich-chat contract against the Vertex AI emulator: function calling, media, JSON output and thinking. */
class GcpRichChatContractTest extends RichChatContract {
    private static final String THINKING_MODEL = "gemini-2.5-flash";

    @Override
    protected EmulatedCloud newCloud() {
        return new GcpCloud().serveModels(THINKING_MODEL);
    }

    /** Gemini 2.5 thinks; the default chat model is any served id, which the adapter sends a thinking config too. */
    @Override
    protected String reasoningModel() {
        return THINKING_MODEL;
    }
}
