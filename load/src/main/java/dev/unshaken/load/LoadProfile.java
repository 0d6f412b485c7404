package dev.unshaken.load;

import io.gatling.javaapi.core.OpenInjectionStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

/**
 * How many journeys start per second, over time: an open workload model, so new journeys keep arriving at
 * the planned rate however slow the system under test gets (a closed model would hide an outage by waiting).
 *
 * <pre>{@code
 * LoadProfile steady = constantRate(15).during(Duration.ofSeconds(60));
 * LoadProfile peak = rampedRate(5, 20).during(Duration.ofSeconds(30)).then(constantRate(20).during(Duration.ofMinutes(2)));
 * }</pre>
 *
 * @param phases one after another
 */
public record LoadProfile(List<Phase> phases) {

    public LoadProfile {
        phases = List.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one phase, e.g. constantRate(10).during(Duration.ofSeconds(30))");
        }
    }

    /** One stretch of a profile. */
    public sealed interface Phase permits ConstantRate, RampedRate {
        /** How long it lasts. */
        Duration duration();
    }

    /** {@code perSecond} journeys start every second, for {@code duration}. */
    public record ConstantRate(double perSecond, Duration duration) implements Phase {
        public ConstantRate {
            requireRate(perSecond);
            requireDuration(duration);
        }
    }

    /** The arrival rate goes linearly from {@code fromPerSecond} to {@code toPerSecond} over {@code duration}. */
    public record RampedRate(double fromPerSecond, double toPerSecond, Duration duration) implements Phase {
        public RampedRate {
            requireRate(fromPerSecond);
            requireRate(toPerSecond);
            requireDuration(duration);
        }
    }

    /** An arrival rate waiting for its duration: {@code constantRate(10).during(...)}. */
    public record Rate(double fromPerSecond, double toPerSecond) {
        /** The profile of this rate held (or ramped) for {@code duration}. */
        public LoadProfile during(Duration duration) {
            Phase phase = fromPerSecond == toPerSecond
                    ? new ConstantRate(fromPerSecond, duration)
                    : new RampedRate(fromPerSecond, toPerSecond, duration);
            return new LoadProfile(List.of(phase));
        }
    }

    /** A constant arrival rate of {@code perSecond} journeys per second. */
    public static Rate constantRate(double perSecond) {
        return new Rate(perSecond, perSecond);
    }

    /** An arrival rate rising (or falling) linearly from {@code fromPerSecond} to {@code toPerSecond}. */
    public static Rate rampedRate(double fromPerSecond, double toPerSecond) {
        return new Rate(fromPerSecond, toPerSecond);
    }

    /** This profile, then {@code next}. */
    public LoadProfile then(LoadProfile next) {
        var all = new ArrayList<>(phases);
        all.addAll(next.phases);
        return new LoadProfile(all);
    }

    /** How long journeys keep arriving (in-flight journeys may finish later). */
    public Duration duration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** About how many journeys the profile starts. */
    public long expectedJourneys() {
        double total = 0;
        for (Phase phase : phases) {
            double seconds = phase.duration().toMillis() / 1000.0;
            total += switch (phase) {
                case ConstantRate c -> c.perSecond() * seconds;
                case RampedRate r -> (r.fromPerSecond() + r.toPerSecond()) / 2 * seconds;
            };
        }
        return Math.round(total);
    }

    /** The profile as Gatling open-model injection steps. */
    List<OpenInjectionStep> injectionSteps() {
        return phases.stream().<OpenInjectionStep>map(phase -> switch (phase) {
            case ConstantRate c -> constantUsersPerSec(c.perSecond()).during(c.duration());
            case RampedRate r -> rampUsersPerSec(r.fromPerSecond()).to(r.toPerSecond()).during(r.duration());
        }).toList();
    }

    @Override
    public String toString() {
        return phases.stream().map(phase -> switch (phase) {
            case ConstantRate c -> String.format(Locale.ROOT, "%s/s for %ss", number(c.perSecond()), c.duration().toMillis() / 1000.0);
            case RampedRate r -> String.format(Locale.ROOT, "%s→%s/s over %ss", number(r.fromPerSecond()), number(r.toPerSecond()),
                    r.duration().toMillis() / 1000.0);
        }).collect(Collectors.joining(", then "));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void requireRate(double perSecond) {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("an arrival rate must be a finite number of journeys per second >= 0, got " + perSecond);
        }
    }

    private static void requireDuration(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a load phase needs a positive duration, got " + duration);
        }
    }
}
