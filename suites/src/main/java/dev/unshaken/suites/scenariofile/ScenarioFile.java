package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.AbortCondition;
import dev.unshaken.suites.verdicts.VerdictSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A scenario read from a YAML file and validated: which cluster, which stack, what load, which faults when, and
 * which verdicts must hold. Read one with {@link ScenarioFileReader#read(Path)}; run it with {@link ScenarioRunner}.
 *
 * @param file        where it was read from
 * @param name        names the run's report directory; the file name without {@code .yaml} unless the file says
 * @param description what incident it replays, free text
 * @param seed        the seed of victim picks
 * @param cluster     where it runs
 * @param stack       what is deployed
 * @param load        the traffic
 * @param faults      the fault timeline, times counted from the first journey of the load
 * @param verdicts    what must hold afterwards (or, for {@code expect: fail}, what must be caught)
 * @param abort       when to stop the faults early and undo them ({@code abort}), {@code null} for never
 */
public record ScenarioFile(Path file, String name, String description, long seed, ClusterSpec cluster, StackSpec stack,
                           LoadSpec load, List<TimedFault> faults, List<Verdict> verdicts, AbortCondition abort) {

    public ScenarioFile {
        faults = List.copyOf(faults);
        verdicts = List.copyOf(verdicts);
    }

    /**
     * One fault of the timeline.
     *
     * @param at   when it starts, after the first journey of the load started
     * @param step what it does
     * @param line where the file declares it
     */
    public record TimedFault(Duration at, FaultStep step, int line) {
    }

    /**
     * One verdict.
     *
     * @param check         what it checks, as the file names it (a verdict on a Deployment in the stack's namespace)
     * @param expectFailure {@code expect: fail}: the verdict must catch the incident (fail), as a broken twin should
     * @param line          where the file declares it
     */
    public record Verdict(VerdictSpec.Named check, boolean expectFailure, int line) {
    }
}
