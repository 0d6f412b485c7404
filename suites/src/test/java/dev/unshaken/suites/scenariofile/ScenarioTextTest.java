package dev.unshaken.suites.scenariofile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small languages inside scenario files: durations, and the names a typo is matched against. */
class ScenarioTextTest {

    @ParameterizedTest
    @CsvSource({"30s, 30000", "500ms, 500", "2m, 120000", "1m30s, 90000", "1.5s, 1500", "1h, 3600000", "0s, 0", "4m30s, 270000"})
    void durations(String text, long millis) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "30x | expected a duration like 30s, 500ms, 2m or 1m30s, got '30x'",
            "30 | '30' has no unit: write 30s (or 30ms, 30m)",
            "-5s | a duration cannot be negative, got '-5s'",
            "s | expected a duration like 30s, 500ms, 2m or 1m30s, got 's'",
            "1m 30s | expected a duration like 30s, 500ms, 2m or 1m30s, got '1m 30s'",
            "9999999999999999h | '9999999999999999h' is longer than any run could last"})
    void badDurationsSayWhatWasExpected(String text, String message) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void durationsAreWrittenAsVerdictsWriteTimes() {
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(DurationText.format(Duration.ofMillis(500))).isEqualTo("0.5 s");
    }

    @Test
    void durationsAreWrittenBackAsAFileWritesThem() {
        assertThat(DurationText.written(Duration.ofHours(100_000))).isEqualTo("100000h");
        assertThat(DurationText.written(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationText.written(Duration.ofSeconds(270))).isEqualTo("4m30s");
        assertThat(DurationText.written(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(DurationText.written(Duration.ZERO)).isEqualTo("0s");
        for (String text : List.of("2h", "1h30m", "4m30s", "1s500ms")) {
            assertThat(DurationText.written(DurationText.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void theNearestNameCatchesTyposAndSwapsButNotStrangers() {
        List<String> keys = List.of("agents", "k3sVersion", "kubeconfig", "context");
        assertThat(NearestName.of("agnets", keys)).contains("agents");
        assertThat(NearestName.of("K3sversion", keys)).contains("k3sVersion");
        assertThat(NearestName.of("kubconfig", keys)).contains("kubeconfig");
        assertThat(NearestName.of("nodes", keys)).isEmpty();
        assertThat(NearestName.hint("verdict", List.of("verdicts", "faults"))).isEqualTo("; did you mean 'verdicts'?");
        assertThat(NearestName.hint("zzz", List.of("verdicts", "faults"))).isEmpty();
    }
}
