package dev.unshaken.suites.certify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.journal.FailureKind;
import dev.unshaken.journal.FaultEvent;
import dev.unshaken.journal.FaultKind;
import dev.unshaken.journal.Journal;
import dev.unshaken.journal.RequestOutcome;
import dev.unshaken.reports.Redactor;
import dev.unshaken.suites.certify.CertificationReport.Outcome;
import dev.unshaken.suites.certify.CertificationReport.StackImage;
import dev.unshaken.suites.certify.CertificationReport.VerdictOutcome;
import dev.unshaken.suites.verdicts.InconclusiveVerdictError;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The certification report: result, cluster, verdicts with evidence, images with digests, as JSON and Markdown. */
class CertificationReportTest {

    @TempDir
    Path dir;

    private static final List<StackImage> IMAGES = List.of(
            new StackImage("order-service", "order-service", "unshaken/order-service:1.0.0",
                    "docker.io/unshaken/order-service@sha256:0f1e2d"),
            new StackImage("postgres", "postgres", "unshaken/postgres:17", "sha256:a1b2c3"));

    private static CertificationReport report(VerdictOutcome... verdicts) {
        return report(List.of(), verdicts);
    }

    private static CertificationReport report(List<String> cleanupLeft, VerdictOutcome... verdicts) {
        return new CertificationReport("/home/release/.kube/config", "staging", "https://10.0.0.1:6443/", "v1.34.4+k3s1", "3fa2c1d0",
                "node and machine faults skipped", "2026-01-05T10:00:00Z", "2026-01-05T10:09:30Z", List.of(verdicts), IMAGES,
                cleanupLeft);
    }

    @Test
    void aCleanupThatLeftSomethingIsSaidInBothFilesWithTheCommandThatRemovesIt() throws IOException {
        var report = report(List.of("namespace shop still exists 180 s after it was deleted (look for finalizers:"
                        + " kubectl get namespace shop -o yaml)", "node agent-1: Forbidden (kubectl uncordon agent-1)"),
                new VerdictOutcome("pod deletes", "no request fails", Outcome.PASSED, "120 requests, 0 failed", null));

        JsonNode root = new ObjectMapper().readTree(Files.readString(report.writeTo(dir)));

        assertThat(report.certified()).as("the release's verdicts passed; the harness's leftovers are reported beside them").isTrue();
        assertThat(root.path("cleanup").path("complete").asBoolean()).isFalse();
        assertThat(root.path("cleanup").path("left")).extracting(JsonNode::asText).containsExactly(
                "namespace shop still exists 180 s after it was deleted (look for finalizers: kubectl get namespace shop -o yaml)",
                "node agent-1: Forbidden (kubectl uncordon agent-1)");
        String command = "./mvnw verify -Punshaken-cleanup -Dunshaken.kubeconfig=/home/release/.kube/config"
                + " -Dunshaken.context=staging -Dunshaken.cleanup.runs=3fa2c1d0";
        assertThat(root.path("cleanup").path("removeWith").asText()).isEqualTo(command);
        assertThat(Files.readString(dir.resolve("certification.md")))
                .contains("**Cleanup incomplete:** the run left these in the cluster:",
                        "- node agent-1: Forbidden (kubectl uncordon agent-1)", "Remove them with `" + command + "`.",
                        "| cleanup | incomplete: 2 left (above) |");
    }

    @Test
    void aCompleteCleanupIsOneLine() throws IOException {
        var report = report(new VerdictOutcome("pod deletes", "no request fails", Outcome.PASSED, "120 requests, 0 failed", null));

        JsonNode root = new ObjectMapper().readTree(Files.readString(report.writeTo(dir)));

        assertThat(root.path("cleanup").path("complete").asBoolean()).isTrue();
        assertThat(root.path("cleanup").path("left")).isEmpty();
        assertThat(root.path("cleanup").has("removeWith")).isFalse();
        assertThat(Files.readString(dir.resolve("certification.md"))).contains("| cleanup | complete: nothing of the run is left |")
                .doesNotContain("Cleanup incomplete");
    }

    @Test
    void writesJsonWithVerdictsEvidenceServerVersionAndDigests() throws IOException {
        var report = report(
                new VerdictOutcome("pod deletes", "no request fails", Outcome.PASSED, "120 requests, 0 failed", "/r/pod-deletes/journal.jsonl"),
                new VerdictOutcome("drain", "keeps 1 ready replica", Outcome.SKIPPED, "drain of node x skipped: opt in", null),
                new VerdictOutcome("rollout", "keeps 2 ready", Outcome.FAILED, "only 0 of 2 were ready from 12.3 s;"
                        + " env DB_PASSWORD=hunter2secret", "/r/rollout/journal.jsonl"));

        Path json = report.writeTo(dir);

        assertThat(json).isEqualTo(dir.resolve("certification.json"));
        JsonNode root = new ObjectMapper().readTree(Files.readString(json));
        assertThat(root.path("result").asText()).isEqualTo("NOT CERTIFIED");
        assertThat(root.path("notCertifiedBecause")).extracting(JsonNode::asText).containsExactly(
                "SKIPPED: drain: keeps 1 ready replica (drain of node x skipped: opt in)",
                "FAILED: rollout: keeps 2 ready (only 0 of 2 were ready from 12.3 s; env DB_PASSWORD=" + Redactor.MASK + ")");
        assertThat(root.path("cluster").path("serverVersion").asText()).isEqualTo("v1.34.4+k3s1");
        assertThat(root.path("cluster").path("context").asText()).isEqualTo("staging");
        assertThat(root.path("counts").toString()).isEqualTo("{\"passed\":1,\"failed\":1,\"inconclusive\":0,\"skipped\":1,\"not_applicable\":0}");
        assertThat(root.path("verdicts")).hasSize(3);
        assertThat(root.path("verdicts").get(1).path("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(root.path("verdicts").get(1).path("evidence").asText()).isEqualTo("drain of node x skipped: opt in");
        assertThat(root.path("verdicts").get(2).path("evidence").asText())
                .startsWith("only 0 of 2 were ready from 12.3 s;").doesNotContain("hunter2secret");
        assertThat(root.path("images").get(0).path("digest").asText()).isEqualTo("sha256:0f1e2d");
        assertThat(root.path("images").get(1).path("digest").asText()).as("an id without repository").isEqualTo("sha256:a1b2c3");
        assertThat(dir.resolve("certification.md")).exists();
    }

    @Test
    void markdownShowsTheResultWhyNotTheClusterEachVerdictAndItsEvidence() {
        var report = report(
                new VerdictOutcome("pod deletes", "no request fails", Outcome.PASSED, "120 requests, 0 failed", "/r/journal.jsonl"),
                new VerdictOutcome("drain", "keeps 1 | ready", Outcome.SKIPPED, "skipped: opt in", null));

        String md = report.toMarkdown();

        assertThat(md).startsWith("# Unshaken certification: NOT CERTIFIED\n\n1 passed, 0 failed, 0 inconclusive, 1 skipped, 0 not applicable on this cluster.\n\n"
                        + "Not certified because:\n\n- SKIPPED: drain: keeps 1 | ready (skipped: opt in)\n\n| cluster | |\n")
                .contains("| server version | v1.34.4+k3s1 |")
                .contains("| context | staging (kubeconfig /home/release/.kube/config) |")
                .contains("| pod deletes | no request fails | PASSED |")
                .contains("| drain | keeps 1 \\| ready | SKIPPED |")
                .contains("| order-service | order-service | unshaken/order-service:1.0.0 | sha256:0f1e2d |")
                .contains("### PASSED: pod deletes: no request fails\n\nJournal: `/r/journal.jsonl`\n\n```\n120 requests, 0 failed\n```");
    }

    @Test
    void markdownOfACertifiedReleaseHasNoReasonsAgainst() {
        String md = report(new VerdictOutcome("pod deletes", "no request fails", Outcome.PASSED, "120 requests, 0 failed", null))
                .toMarkdown();

        assertThat(md).startsWith("# Unshaken certification: CERTIFIED\n\n1 passed, 0 failed, 0 inconclusive, 0 skipped, 0 not applicable on this cluster.\n\n| cluster | |\n");
    }

    @Test
    void certifiedOnlyWhenEveryVerdictPassed() {
        var passed = new VerdictOutcome("a", "x", Outcome.PASSED, "", null);
        var skipped = new VerdictOutcome("b", "y", Outcome.SKIPPED, "", null);
        var failed = new VerdictOutcome("c", "z", Outcome.FAILED, "", null);
        var inconclusive = new VerdictOutcome("d", "w", Outcome.INCONCLUSIVE, "INCONCLUSIVE: w: no request was in flight", null);

        assertThat(report(passed).certified()).isTrue();
        assertThat(report(passed).notCertifiedBecause()).isEmpty();
        assertThat(report(passed, skipped).certified()).as("a skipped step proves nothing").isFalse();
        assertThat(report(skipped).certified()).as("all skipped proves nothing").isFalse();
        assertThat(report(passed, failed).certified()).isFalse();
        assertThat(report(passed, inconclusive).certified()).as("an inconclusive verdict proves nothing").isFalse();
        assertThat(report(passed, inconclusive).notCertifiedBecause())
                .containsExactly("INCONCLUSIVE: d: w (INCONCLUSIVE: w: no request was in flight)");
        assertThat(report().certified()).isFalse();
        assertThat(report().notCertifiedBecause()).containsExactly("no step ran a verdict");

        // A machine fault cannot run on a cluster Unshaken did not start: listed, not required.
        var notApplicable = new VerdictOutcome("e", "v", Outcome.NOT_APPLICABLE, "node power-off skipped: an existing cluster", null);
        assertThat(report(passed, notApplicable).certified()).as("the steps that can run here all passed").isTrue();
        assertThat(report(passed, notApplicable).notCertifiedBecause()).isEmpty();
        assertThat(report(notApplicable).certified()).as("nothing that ran proves anything").isFalse();
        assertThat(report(notApplicable).notCertifiedBecause()).containsExactly("no step ran a verdict");
        assertThat(report(passed, notApplicable, skipped).certified()).isFalse();
    }

    @Test
    void aStepWithoutVerdictsAndAStepThatDidNotRunAreNotCertified() {
        var idle = CertificationStep.named("idle under load");
        var notRun = CertificationStep.named("never run").verdict("holds", journal -> { });
        var certification = new Certification(CertificationPlan.of(StackVariant.REFERENCE, idle, notRun));

        assertThatThrownBy(() -> certification.run(idle, null, null, null, Journal.inMemory("idle")))
                .isInstanceOf(InconclusiveVerdictError.class)
                .hasMessage("INCONCLUSIVE: idle under load: the step has no verdict, so running it would prove nothing about the release");
        certification.recordStepsThatDidNotRun();

        var report = report(certification.verdicts().toArray(VerdictOutcome[]::new));
        assertThat(report.verdicts()).extracting(VerdictOutcome::step, VerdictOutcome::claim, VerdictOutcome::outcome).containsExactly(
                tuple("idle under load", CertificationReport.NO_VERDICT, Outcome.INCONCLUSIVE),
                tuple("never run", "holds", Outcome.SKIPPED));
        assertThat(report.certified()).isFalse();
        assertThat(report.toMarkdown()).contains("- SKIPPED: never run: holds (the step did not run: its test was not selected");
    }

    @Test
    void imagesComeFromTheContainerStatusesImageIdsNamedAsThePodSpecNamesThem() {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("order-service-7f9c").addToLabels("app", "order-service").endMetadata()
                .withNewSpec().addNewContainer().withName("order-service").withImage("unshaken/order-service:1.0.0").endContainer().endSpec()
                .withNewStatus().addNewContainerStatus().withName("order-service").withImage("docker.io/unshaken/order-service:1.0.0")
                .withImageID("docker.io/unshaken/order-service@sha256:0f1e2d").endContainerStatus().endStatus()
                .build();
        Pod pending = new PodBuilder().withNewMetadata().withName("redis-0").endMetadata().withNewSpec().endSpec().build();

        assertThat(Certification.imagesOf(List.of(pod, pending))).containsExactly(IMAGES.getFirst());
    }

    @Test
    void aPassedVerdictsEvidenceIsWhatTheRunDid() {
        var journal = Journal.inMemory("evidence");
        journal.record(new RequestOutcome(1, 2, "checkout", "login", "POST", "/login", 200, FailureKind.NONE, null));
        journal.record(new RequestOutcome(3, 4, "checkout", "login", "POST", "/login", 503, FailureKind.HTTP_5XX, "503"));
        journal.record(FaultEvent.started("f1", FaultKind.POD_DELETE, "shop/pod/user-service-x", 2, Map.of())
                .endedAt(3, Map.of("outcome", "gone")));

        assertThat(Certification.whatRan(journal)).isEqualTo("2 requests, 1 failed; faults: POD_DELETE shop/pod/user-service-x (gone)");
    }
}
