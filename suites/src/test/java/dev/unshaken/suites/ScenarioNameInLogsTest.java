package dev.unshaken.suites;

import dev.unshaken.journal.JournalExtension;
import dev.unshaken.journal.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenarios run side by side, so the console's progress lines name theirs: the running test's name is in the MDC
 * (through the suites' Logback, which keeps one), and only while it runs.
 */
@ExtendWith(JournalExtension.class)
class ScenarioNameInLogsTest {

    @Test
    void theRunningScenarioIsNamedInTheMdc() {
        assertThat(MDC.get(Progress.SCENARIO_MDC_KEY)).isEqualTo("the-running-scenario-is-named-in-the-mdc");
    }

    @AfterAll
    static void noNameIsLeftForWhatRunsNext() {
        assertThat(MDC.get(Progress.SCENARIO_MDC_KEY)).isNull();
    }
}
