package dev.unshaken.suites.certify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unshaken.reports.Redactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of certifying a release against a cluster: pass, fail, inconclusive or skip per verdict with its
 * evidence, why it was not certified if it was not, the
 * cluster (context, API server, its version) and the images the shop ran with their digests. Written as
 * {@value #JSON_FILE} (for tools) and {@value #MARKDOWN_FILE} (for people); secrets are redacted from both.
 *
 * @param kubeconfig    the kubeconfig file's path (never its content)
 * @param context       the context certified
 * @param server        the API server's URL
 * @param serverVersion the API server's version ({@code GET /version} gitVersion), e.g. {@code v1.34.4+k3s1}
 * @param runId         the run's id, the value of label {@code dev.unshaken.run} on what it created
 * @param nodeFaults    whether node faults were allowed, in words
 * @param startedAt     when the certification started, ISO-8601
 * @param finishedAt    when it ended, ISO-8601
 * @param verdicts      every verdict of every step that ran or was skipped, in order (a step without verdicts has one
 *                      inconclusive row, {@value #NO_VERDICT})
 * @param images        the shop's images as its pods ran them
 * @param cleanupLeft   what the run's cleanup at its end could not remove, each naming the object and a command; empty
 *                      when everything the run created is gone, null when the run reached no cluster (created nothing)
 */
public record CertificationReport(String kubeconfig, String context, String server, String serverVersion, String runId,
                                  String nodeFaults, String startedAt, String finishedAt, List<VerdictOutcome> verdicts,
                                  List<StackImage> images, List<String> cleanupLeft) {

    public static final String JSON_FILE = "certification.json";
    public static final String MARKDOWN_FILE = "certification.md";
    /** The claim of the row a step without verdicts gets: such a step proves nothing. */
    public static final String NO_VERDICT = "(no verdict)";

    private static final Redactor REDACTOR = Redactor.patternsOnly();

    public CertificationReport {
        verdicts = List.copyOf(verdicts);
        images = List.copyOf(images);
        cleanupLeft = cleanupLeft == null ? null : List.copyOf(cleanupLeft);
    }

    /** Whether the run's cleanup removed everything it created (also true when it created nothing). */
    public boolean cleanedUp() {
        return cleanupLeft == null || cleanupLeft.isEmpty();
    }

    /** The command that removes run {@code runId}'s leftovers from that context's cluster (docs/certification.md). */
    public static String cleanupCommand(String kubeconfig, String context, String runId) {
        return "./mvnw verify -Punshaken-cleanup -Dunshaken.kubeconfig=" + kubeconfig + " -Dunshaken.context=" + context
                + " -Dunshaken.cleanup.runs=" + runId;
    }

    /** How a verdict came out. */
    public enum Outcome {
        PASSED,
        FAILED,
        /** The verdict could not be judged: the journal lacked what it needs, or its step has no verdict. */
        INCONCLUSIVE,
        /** The step did not run: a fault the run was not allowed to inject here, or its test did not run. */
        SKIPPED,
        /**
         * The step cannot run on this kind of cluster at all (it powers off or freezes a machine, which Unshaken does
         * only to a cluster it started): listed with the reason, and left out of what certified means.
         */
        NOT_APPLICABLE
    }

    /**
     * One verdict of one step.
     *
     * @param step     the step's name
     * @param claim    what the verdict claims
     * @param outcome  passed, failed, inconclusive, skipped, or not applicable on this cluster
     * @param evidence for a failure the verdict's message (when, which requests, which pods); for a pass what the run
     *                 did (requests, faults); for an inconclusive verdict what was missing; for a skip the reason
     * @param journal  the step's journal file, null when it was skipped before anything ran
     */
    public record VerdictOutcome(String step, String claim, Outcome outcome, String evidence, String journal) {
        public VerdictOutcome {
            Objects.requireNonNull(outcome, "outcome");
            evidence = evidence == null ? "" : evidence;
        }
    }

    /**
     * An image a container of the shop ran.
     *
     * @param workload  the pod's {@code app} label, e.g. {@code order-service}
     * @param container the container's name
     * @param image     the image as the pod names it, e.g. {@code unshaken/order-service:1.0.0}
     * @param imageId   what the kubelet reports it ran (pod status {@code imageID})
     */
    public record StackImage(String workload, String container, String image, String imageId) {
        /** The content digest ({@code sha256:...}) in the image id, or the id itself when it holds none. */
        public String digest() {
            if (imageId == null) {
                return null;
            }
            int at = imageId.lastIndexOf('@');
            return at >= 0 ? imageId.substring(at + 1) : imageId;
        }
    }

    /**
     * Certified: every verdict of every step that can run on this cluster passed, and there is at least one. A skipped
     * step, an inconclusive verdict or a step without verdicts proves nothing about the release, so it is not
     * certified either. Steps {@link Outcome#NOT_APPLICABLE not applicable} here are listed, not required.
     */
    public boolean certified() {
        return verdicts.stream().anyMatch(v -> v.outcome() == Outcome.PASSED)
                && verdicts.stream().allMatch(v -> v.outcome() == Outcome.PASSED || v.outcome() == Outcome.NOT_APPLICABLE);
    }

    /** Why it is not certified, one line per verdict that did not pass (none when it is certified). */
    public List<String> notCertifiedBecause() {
        if (verdicts.stream().noneMatch(v -> v.outcome() == Outcome.PASSED)
                && verdicts.stream().allMatch(v -> v.outcome() == Outcome.NOT_APPLICABLE)) {
            return List.of("no step ran a verdict");
        }
        return verdicts.stream().filter(v -> v.outcome() != Outcome.PASSED && v.outcome() != Outcome.NOT_APPLICABLE)
                .map(v -> v.outcome() + ": " + v.step() + ": " + v.claim() + " (" + firstLine(REDACTOR.redact(v.evidence())) + ")")
                .toList();
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("no evidence");
        return line.length() > 300 ? line.substring(0, 300) + " …" : line;
    }

    /** How many verdicts came out so. */
    public long count(Outcome outcome) {
        return verdicts.stream().filter(v -> v.outcome() == outcome).count();
    }

    /** Writes {@value #JSON_FILE} and {@value #MARKDOWN_FILE} into the directory (created if needed); returns the JSON file. */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(MARKDOWN_FILE), toMarkdown());
            return Files.writeString(directory.resolve(JSON_FILE), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the certification report into " + directory.toAbsolutePath(), e);
        }
    }

    /**
     * The report as JSON: {@code result}, {@code notCertifiedBecause[]}, the cluster's fields, {@code verdicts[]} and
     * {@code images[]}.
     */
    public String toJson() {
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("result", certified() ? "CERTIFIED" : "NOT CERTIFIED");
        notCertifiedBecause().forEach(root.putArray("notCertifiedBecause")::add);
        ObjectNode cluster = root.putObject("cluster");
        cluster.put("kubeconfig", kubeconfig);
        cluster.put("context", context);
        cluster.put("server", server);
        cluster.put("serverVersion", serverVersion);
        root.put("runId", runId);
        root.put("nodeFaults", nodeFaults);
        root.put("startedAt", startedAt);
        root.put("finishedAt", finishedAt);
        ObjectNode cleanup = root.putObject("cleanup");
        cleanup.put("complete", cleanedUp());
        ArrayNode left = cleanup.putArray("left");
        if (!cleanedUp()) {
            cleanupLeft.forEach(item -> left.add(REDACTOR.redact(item)));
            cleanup.put("removeWith", cleanupCommand(kubeconfig, context, runId));
        }
        ObjectNode counts = root.putObject("counts");
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name().toLowerCase(Locale.ROOT), count(outcome));
        }
        ArrayNode verdictNodes = root.putArray("verdicts");
        for (VerdictOutcome verdict : verdicts) {
            verdictNodes.addObject()
                    .put("step", verdict.step())
                    .put("verdict", verdict.claim())
                    .put("outcome", verdict.outcome().name())
                    .put("evidence", REDACTOR.redact(verdict.evidence()))
                    .put("journal", verdict.journal());
        }
        ArrayNode imageNodes = root.putArray("images");
        for (StackImage image : images) {
            imageNodes.addObject()
                    .put("workload", image.workload())
                    .put("container", image.container())
                    .put("image", image.image())
                    .put("imageId", image.imageId())
                    .put("digest", image.digest());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The report for people: the result and why it is not certified, the cluster, a table of verdicts, the images,
     * then each verdict's evidence.
     */
    public String toMarkdown() {
        var md = new StringBuilder();
        md.append("# Unshaken certification: ").append(certified() ? "CERTIFIED" : "NOT CERTIFIED").append("\n\n");
        md.append(String.format(Locale.ROOT, "%d passed, %d failed, %d inconclusive, %d skipped, %d not applicable on this cluster.%n%n",
                count(Outcome.PASSED), count(Outcome.FAILED), count(Outcome.INCONCLUSIVE), count(Outcome.SKIPPED),
                count(Outcome.NOT_APPLICABLE)));
        if (!certified()) {
            md.append("Not certified because:\n\n");
            notCertifiedBecause().forEach(reason -> md.append("- ").append(reason.replace("\n", " ")).append('\n'));
            md.append('\n');
        }
        if (!cleanedUp()) {
            md.append("**Cleanup incomplete:** the run left these in the cluster:\n\n");
            cleanupLeft.forEach(item -> md.append("- ").append(REDACTOR.redact(item).replace("\n", " ")).append('\n'));
            md.append("\nRemove them with `").append(cleanupCommand(kubeconfig, context, runId)).append("`.\n\n");
        }
        md.append("| cluster | |\n| --- | --- |\n");
        row(md, "context", context + " (kubeconfig " + kubeconfig + ")");
        row(md, "API server", server);
        row(md, "server version", serverVersion);
        row(md, "node faults", nodeFaults);
        row(md, "run", runId + ", " + startedAt + " to " + finishedAt);
        row(md, "cleanup", cleanupLeft == null ? "nothing was created" : cleanedUp() ? "complete: nothing of the run is left"
                : "incomplete: " + cleanupLeft.size() + " left (above)");
        md.append("\n## Verdicts\n\n| step | verdict | result |\n| --- | --- | --- |\n");
        verdicts.forEach(v -> md.append("| ").append(cell(v.step())).append(" | ").append(cell(v.claim())).append(" | ")
                .append(v.outcome()).append(" |\n"));
        md.append("\n## Stack images\n\n| workload | container | image | digest |\n| --- | --- | --- | --- |\n");
        images.forEach(i -> md.append("| ").append(cell(i.workload())).append(" | ").append(cell(i.container())).append(" | ")
                .append(cell(i.image())).append(" | ").append(cell(i.digest())).append(" |\n"));
        md.append("\n## Evidence\n");
        for (VerdictOutcome v : verdicts) {
            md.append("\n### ").append(v.outcome()).append(": ").append(v.step()).append(": ").append(v.claim()).append("\n\n");
            if (v.journal() != null) {
                md.append("Journal: `").append(v.journal()).append("`\n\n");
            }
            md.append("```\n").append(REDACTOR.redact(v.evidence()).replace("```", "'''")).append("\n```\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String key, String value) {
        md.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
