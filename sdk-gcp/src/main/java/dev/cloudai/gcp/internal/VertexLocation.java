package dev.cloudai.gcp.internal;

import java.util.Objects;

/**
 * The project and location every call goes to, and the resource names built from them. Internal: not API.
 *
 * <pre>{@code
 * VertexLocation at = new VertexLocation("my-project", "us-central1");
 * at.publisherModel("gemini-2.0-flash-001");   // projects/my-project/locations/us-central1/publishers/google/models/gemini-2.0-flash-001
 * at.endpoint("1234");                         // projects/my-project/locations/us-central1/endpoints/1234
 * }</pre>
 */
public record VertexLocation(String project, String location) {

    public VertexLocation {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(location, "location");
    }

    /** {@code projects/{project}/locations/{location}}: the parent of endpoints, models and publisher models. */
    public String parent() {
        return "projects/" + project + "/locations/" + location;
    }

    /**
     * The resource name of a model to call: a Google publisher model id becomes
     * {@code projects/{p}/locations/{l}/publishers/google/models/{id}}; {@code publishers/{pub}/models/{id}} gets the
     * project and location in front; a full resource name ({@code projects/...}, a tuned model or a Model Garden
     * endpoint) passes unchanged.
     */
    public String publisherModel(String model) {
        requireId(model, "model");
        if (model.startsWith("projects/")) return model;
        if (model.startsWith("publishers/")) return parent() + "/" + model;
        if (model.contains("/")) {
            throw new IllegalArgumentException("model: '" + model + "' is neither a model id (gemini-2.0-flash-001) nor a"
                    + " resource name (projects/.../publishers/google/models/..., projects/.../endpoints/...)");
        }
        return parent() + "/publishers/google/models/" + model;
    }

    /** An endpoint's resource name from its numeric id, or the resource name itself. */
    public String endpoint(String endpointId) {
        requireId(endpointId, "endpointId");
        if (endpointId.startsWith("projects/")) return endpointId;
        if (endpointId.contains("/")) {
            throw new IllegalArgumentException("endpointId: '" + endpointId + "' is neither a numeric endpoint id nor a"
                    + " resource name projects/{project}/locations/{location}/endpoints/{id}");
        }
        return parent() + "/endpoints/" + endpointId;
    }

    private static void requireId(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
    }
}
