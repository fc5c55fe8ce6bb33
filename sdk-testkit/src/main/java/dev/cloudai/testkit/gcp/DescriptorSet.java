package dev.cloudai.testkit.gcp;

import com.google.cloud.aiplatform.v1.EndpointServiceProto;
import com.google.cloud.aiplatform.v1.JobServiceProto;
import com.google.cloud.aiplatform.v1.ModelServiceProto;
import com.google.cloud.aiplatform.v1.PredictionServiceProto;
import com.google.longrunning.OperationsProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FileDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

/**
 * Writes the descriptor set WireMock's gRPC extension needs, built from the generated classes of
 * google-cloud-aiplatform and, when it is on the classpath, google-cloud-billing's Cloud Billing Catalog (no protoc).
 * The extension builds the files in the order given, so each file's dependencies come before it.
 */
final class DescriptorSet {
    private DescriptorSet() {
    }

    /**
     * Writes {@code root/grpc/aiplatform.dsc}, where the extension looks for descriptor sets.
     *
     * @param billing whether to add the Cloud Billing Catalog service ({@link BillingCatalog})
     */
    static void writeTo(Path root, boolean billing) {
        LinkedHashMap<String, FileDescriptorProto> files = new LinkedHashMap<>();
        collect(PredictionServiceProto.getDescriptor(), files);
        collect(EndpointServiceProto.getDescriptor(), files);
        collect(ModelServiceProto.getDescriptor(), files);
        collect(OperationsProto.getDescriptor(), files);
        // referenced only when present: sdk-testkit declares google-cloud-billing optional
        if (billing) collect(com.google.cloud.billing.v1.CloudCatalogProto.getDescriptor(), files);
        collect(JobServiceProto.getDescriptor(), files);
        try {
            Path dir = Files.createDirectories(root.resolve("grpc"));
            Files.write(dir.resolve("aiplatform.dsc"),
                    FileDescriptorSet.newBuilder().addAllFile(files.values()).build().toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the Vertex AI descriptor set under " + root, e);
        }
    }

    private static void collect(FileDescriptor file, LinkedHashMap<String, FileDescriptorProto> out) {
        if (out.containsKey(file.getName())) return;
        for (FileDescriptor dependency : file.getDependencies()) collect(dependency, out);
        out.put(file.getName(), file.toProto());
    }
}
