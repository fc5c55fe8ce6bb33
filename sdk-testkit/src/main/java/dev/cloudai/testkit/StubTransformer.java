package dev.cloudai.testkit;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;

/**
 * A WireMock response transformer that works only on the stubs that name it ({@code withTransformers(NAME)}), the
 * way every emulator computes an answer from the request: the cloud's state machines, the chat and embedding
 * answers, the hosted model servers. Subclasses implement {@code transform}.
 *
 * <pre>{@code
 * final class EchoAnswer extends StubTransformer {
 *     static final String NAME = "echo";
 *     EchoAnswer() { super(NAME); }
 *     public ResponseDefinition transform(ServeEvent e) { return okJson(e.getRequest().getBodyAsString()).build(); }
 * }
 * }</pre>
 */
public abstract class StubTransformer implements ResponseDefinitionTransformerV2 {
    private final String name;

    /** @param name the name stubs use to ask for this transformer */
    protected StubTransformer(String name) {
        this.name = name;
    }

    @Override
    public final String getName() {
        return name;
    }

    /** Never on every stub: only on those that name it. */
    @Override
    public final boolean applyGlobally() {
        return false;
    }
}
