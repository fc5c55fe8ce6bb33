package dev.cloudai.cli;

import dev.cloudai.batch.BatchJob;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the batch commands print a job: a few aligned lines for people, an object for {@code --format json}. */
final class BatchJobs {
    private BatchJobs() {
    }

    static void print(BatchJob job, PrintWriter out) {
        out.println("Batch job " + job.id() + " is " + job.status());
        out.println("  provider: " + job.provider() + ", model: " + job.model() + ", kind: " + job.kind());
        out.println("  items:    " + counts(job));
        out.println("  created:  " + job.createdAt());
        job.endedAt().ifPresent(t -> out.println("  ended:    " + t));
        job.message().ifPresent(m -> out.println("  message:  " + m));
        out.flush();
    }

    /** {@code 40 of 100 done, 1 failed}. */
    static String counts(BatchJob job) {
        return job.counts().done() + " of " + job.counts().total() + " done, " + job.counts().failed() + " failed";
    }

    static Map<String, Object> json(BatchJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("provider", job.provider());
        m.put("model", job.model());
        m.put("kind", job.kind().name());
        m.put("status", job.status().name());
        m.put("total", job.counts().total());
        m.put("succeeded", job.counts().succeeded());
        m.put("failed", job.counts().failed());
        m.put("createdAt", job.createdAt().toString());
        m.put("endedAt", job.endedAt().map(Object::toString));
        m.put("message", job.message());
        return m;
    }
}
