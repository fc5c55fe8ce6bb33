package dev.cloudai.cli;

import dev.cloudai.invocation.Embedding;
import dev.cloudai.invocation.EmbeddingRequest;
import dev.cloudai.invocation.EmbeddingResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code cloudai embed TEXT...}: one vector per text, summarised as a table or written in full as JSON. */
@Command(name = "embed", description = "Embed each text and print its vector (the first components, or all with --format json).",
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai embed \"first text\" \"second text\"",
                "  cloudai embed --provider gcp --format json \"some text\""})
final class EmbedCommand extends SessionCommand {

    @Mixin
    ModelOption model;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The texts to embed, one vector each.")
    List<String> texts;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (the first components) or json (every component). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        EmbeddingResponse r = model.embeddingModel(session.ai())
                .embed(EmbeddingRequest.builder().inputs(texts).build());
        if (format == Format.JSON) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Embedding e : r.embeddings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("index", e.index());
                m.put("text", texts.get(e.index()));
                m.put("dimensions", e.dimensions());
                m.put("vector", e.vector());
                items.add(m);
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("provider", r.provider());
            doc.put("model", r.model());
            doc.put("embeddings", items);
            out.println(Json.write(doc));
            out.flush();
        } else {
            Table t = new Table(">#", "text", ">dimensions", "vector");
            for (Embedding e : r.embeddings()) {
                StringBuilder head = new StringBuilder("[");
                for (int i = 0; i < Math.min(4, e.dimensions()); i++) {
                    head.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", e.get(i)));
                }
                head.append(e.dimensions() > 4 ? ", ...]" : "]");
                t.row(e.index(), texts.get(e.index()), e.dimensions(), head);
            }
            t.print(out);
            err.println("[" + r.provider() + "/" + r.model() + "]");
            err.flush();
        }
        return ExitCodes.OK;
    }
}
