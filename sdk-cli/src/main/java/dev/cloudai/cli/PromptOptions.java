package dev.cloudai.cli;

import dev.cloudai.invocation.ChatRequest;
import dev.cloudai.invocation.ContentPart;
import dev.cloudai.invocation.ReasoningEffort;
import dev.cloudai.invocation.ResponseFormat;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The prompt of {@code chat} and {@code stream}: the words given, an optional system prompt and token limit, files
 * to attach (images and documents, typed by their extension), and the answer's format.
 */
final class PromptOptions {
    /** File extensions and the MIME types they stand for; anything else is refused by name. */
    private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "heic", "image/heic", "heif", "image/heif");
    private static final Map<String, String> DOCUMENT_TYPES = Map.ofEntries(Map.entry("pdf", "application/pdf"),
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"), Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"), Map.entry("md", "text/markdown"), Map.entry("doc", "application/msword"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xls", "application/vnd.ms-excel"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "The prompt; several words are joined with spaces.")
    List<String> words;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system prompt.")
    String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "The most tokens the answer may have.")
    Integer maxTokens;

    @Option(names = "--image", paramLabel = "FILE",
            description = "An image to send with the prompt (png, jpg, gif, webp, heic, heif); repeatable.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--document", paramLabel = "FILE",
            description = "A document to send with the prompt (pdf, txt, csv, html, md, doc, docx, xls, xlsx); repeatable.")
    List<Path> documents = new ArrayList<>();

    @Option(names = "--json-schema", paramLabel = "FILE",
            description = "A JSON schema file; the answer is JSON that follows it.")
    Path jsonSchema;

    @Option(names = "--json", description = "Ask for the answer as a JSON object.")
    boolean json;

    @Option(names = "--reasoning-effort", paramLabel = "LEVEL",
            description = "How hard a reasoning model thinks first: ${COMPLETION-CANDIDATES}.")
    ReasoningEffort reasoningEffort;

    ChatRequest request() {
        ChatRequest.Builder b = ChatRequest.builder();
        if (system != null) b.system(system);
        String prompt = String.join(" ", words);
        if (images.isEmpty() && documents.isEmpty()) {
            b.user(prompt);
        } else {
            List<ContentPart> parts = new ArrayList<>();
            parts.add(ContentPart.text(prompt));
            for (Path image : images) parts.add(ContentPart.image(read(image, "image"), type(image, IMAGE_TYPES, "image")));
            for (Path doc : documents) {
                parts.add(ContentPart.document(read(doc, "document"), type(doc, DOCUMENT_TYPES, "document"),
                        doc.getFileName().toString()));
            }
            b.user(parts.toArray(ContentPart[]::new));
        }
        if (maxTokens != null) b.maxTokens(maxTokens);
        if (jsonSchema != null && json) {
            throw new IllegalArgumentException("jsonSchema: give either --json-schema or --json, not both");
        }
        if (jsonSchema != null) {
            b.responseFormat(ResponseFormat.jsonSchema(schemaName(jsonSchema),
                    new String(read(jsonSchema, "jsonSchema"), StandardCharsets.UTF_8)));
        } else if (json) {
            b.responseFormat(ResponseFormat.json());
        }
        if (reasoningEffort != null) b.reasoningEffort(reasoningEffort);
        return b.build();
    }

    private static byte[] read(Path file, String field) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": cannot read " + file + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    private static String type(Path file, Map<String, String> types, String field) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : types.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException(field + ": " + file + " has no " + field + " extension the SDK knows;"
                    + " use one of " + new java.util.TreeSet<>(types.keySet()));
        }
        return type;
    }

    /** The schema's name for the model: the file name without its extension, in the characters clouds accept. */
    private static String schemaName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "_");
        return stem.isEmpty() ? "answer" : stem.length() > 64 ? stem.substring(0, 64) : stem;
    }
}
