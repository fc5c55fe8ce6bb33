package com.example;

import dev.cloudai.CloudAi;
import dev.cloudai.invocation.ChatRequest;

/** The application's own code: it uses the SDK's API, which the adapters bring (sdk-api). */
public final class AnswerService {
    private final CloudAi ai;

    public AnswerService(CloudAi ai) {
        this.ai = ai;
    }

    public String answer(String model, String question) {
        return ai.chatModel(model).chat(ChatRequest.ofUser(question)).text();
    }
}
