package dev.cloudai.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code cloudai batch delete-files ID}: deletes a finished job's input and output files from the cloud's storage
 * (Bedrock's S3 objects, Vertex AI's Cloud Storage objects, Azure OpenAI's files); the job stays listed.
 */
@Command(name = "delete-files", description = {"Delete a finished batch job's input and output files from the cloud's",
        "storage (S3, Cloud Storage, the Azure OpenAI files); the job stays listed, its results are gone."},
        footerHeading = "%nExamples:%n", footer = {"  cloudai batch results JOB_ID --live --output answers.jsonl",
                "  cloudai batch delete-files JOB_ID --live"})
final class BatchDeleteFilesCommand extends BatchSubcommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The job id that submit or list printed.")
    String id;

    @Override
    int run(Session session, PrintWriter out, PrintWriter err) {
        long deleted;
        try {
            deleted = session.ai().batches().deleteFiles(id);
        } catch (IllegalStateException e) {
            return notFinished(e, "deleteFiles", id, err);
        }
        out.println(deleted == 0 ? "Batch job " + id + " has no files left to delete"
                : "Deleted " + deleted + (deleted == 1 ? " file" : " files") + " of batch job " + id);
        out.flush();
        return ExitCodes.OK;
    }
}
