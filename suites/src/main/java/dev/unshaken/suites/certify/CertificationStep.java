package dev.unshaken.suites.certify;

import dev.unshaken.chaos.Fault;
import dev.unshaken.journal.Journal;
import dev.unshaken.load.Journey;
import dev.unshaken.load.LoadProfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One incident a release is certified against, as data: the load the shop is under, the faults that hit it and
 * when, and the verdicts read from the journal afterwards. The dry run prints it; {@link Certification#run} runs it.
 *
 * <pre>{@code
 * CertificationStep.named("pod deletes under checkout load")
 *         .load(Journeys.shopCheckout(), constantRate(2).during(ofSeconds(60)))
 *         .at(ofSeconds(10), PodDelete.graceful(users))
 *         .verdict("no request fails within 5 s of a pod delete",
 *                 journal -> assertThat(journal).hasNoFailedRequestsAround(FaultKind.POD_DELETE, ofSeconds(5)));
 * }</pre>
 *
 * @param name     what the step certifies, e.g. {@code rolling update of order-service under checkout load}
 * @param journey  what each virtual user does, null until {@link #load} is given
 * @param load     arrivals over time, null until {@link #load} is given
 * @param faults   what goes wrong and when, counted from the start of the load, in time order
 * @param verdicts what must hold afterwards
 */
public record CertificationStep(String name, Journey journey, LoadProfile load, List<PlannedFault> faults, List<Verdict> verdicts) {

    public CertificationStep {
        Objects.requireNonNull(name, "name");
        faults = faults.stream().sorted(Comparator.comparing(PlannedFault::at)).toList();
        verdicts = List.copyOf(verdicts);
    }

    /** A fault and when it starts, counted from the start of the step's load. */
    public record PlannedFault(Duration at, Fault fault) {
        public PlannedFault {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(fault, "fault");
        }
    }

    /** A claim about the run and the check that proves it (an assertion on the journal that fails with evidence). */
    public record Verdict(String claim, Consumer<Journal> check) {
        public Verdict {
            Objects.requireNonNull(claim, "claim");
            Objects.requireNonNull(check, "check");
        }
    }

    /** A step without load, faults or verdicts yet. */
    public static CertificationStep named(String name) {
        return new CertificationStep(name, null, null, List.of(), List.of());
    }

    /** The same step under this load. */
    public CertificationStep load(Journey journey, LoadProfile profile) {
        return new CertificationStep(name, Objects.requireNonNull(journey, "journey"), Objects.requireNonNull(profile, "profile"),
                faults, verdicts);
    }

    /** The same step with one more fault, starting {@code at} after the load started. */
    public CertificationStep at(Duration at, Fault fault) {
        var more = new ArrayList<>(faults);
        more.add(new PlannedFault(at, fault));
        return new CertificationStep(name, journey, load, more, verdicts);
    }

    /** The same step with one more verdict. */
    public CertificationStep verdict(String claim, Consumer<Journal> check) {
        var more = new ArrayList<>(verdicts);
        more.add(new Verdict(claim, check));
        return new CertificationStep(name, journey, load, faults, more);
    }
}
