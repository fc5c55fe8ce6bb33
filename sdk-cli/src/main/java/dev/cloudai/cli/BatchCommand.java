package dev.cloudai.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cloudai batch ...}: batch jobs on the provider's own batch engine, from a neutral JSONL file of prompts or
 * texts ({@link BatchInput} describes the format). The subcommands do the work; without one, picocli says a
 * subcommand is missing (exit code 2), as for {@code cloudai} itself.
 *
 * <pre>{@code
 * cloudai batch submit prompts.jsonl --model default --wait 2h --output answers.jsonl
 * cloudai batch status JOB_ID
 * }</pre>
 */
@Command(name = "batch", description = {"Batch jobs on the provider's batch engine (Bedrock batch inference, Vertex AI"
        + " batch prediction, Azure OpenAI Batch): many prompts or texts as one job, at the cloud's batch price.",
        "On the embedded emulator a job lives for one run only: use 'submit --wait --output FILE' there."},
        subcommands = {BatchSubmitCommand.class, BatchStatusCommand.class, BatchResultsCommand.class,
                BatchCancelCommand.class, BatchListCommand.class, BatchDeleteFilesCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {
                "  cloudai batch submit prompts.jsonl --wait 1h --output answers.jsonl",
                "  cloudai batch submit texts.jsonl --embeddings --model embed --live --provider gcp",
                "  cloudai batch status JOB_ID --live",
                "  cloudai batch results JOB_ID --live --output answers.jsonl"})
final class BatchCommand {

    @ParentCommand
    CloudAiCli root;
}
