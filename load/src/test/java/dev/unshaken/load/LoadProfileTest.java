package dev.unshaken.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.unshaken.load.LoadProfile.constantRate;
import static dev.unshaken.load.LoadProfile.rampedRate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadProfileTest {

    @Test
    void profilesAreValuesWithADurationAndAnExpectedJourneyCount() {
        LoadProfile steady = constantRate(15).during(Duration.ofSeconds(60));
        LoadProfile peak = rampedRate(5, 25).during(Duration.ofSeconds(30)).then(steady);

        assertThat(steady).isEqualTo(constantRate(15).during(Duration.ofSeconds(60)));
        assertThat(peak.phases()).containsExactly(
                new LoadProfile.RampedRate(5, 25, Duration.ofSeconds(30)), new LoadProfile.ConstantRate(15, Duration.ofSeconds(60)));
        assertThat(peak.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(peak.expectedJourneys()).isEqualTo(15 * 30 + 15 * 60);
        assertThat(peak).hasToString("5→25/s over 30.0s, then 15/s for 60.0s");
        assertThat(peak.injectionSteps()).hasSize(2);
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> constantRate(-1).during(Duration.ofSeconds(1))).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> constantRate(1).during(Duration.ZERO)).hasMessageContaining("positive duration");
    }
}
