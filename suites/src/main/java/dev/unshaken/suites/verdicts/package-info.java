/**
 * Verdicts: AssertJ assertions over a run's {@link dev.unshaken.journal.Journal} and nothing else. Start with
 * {@link dev.unshaken.suites.verdicts.Verdicts#assertThat}. Each verdict is one
 * {@link dev.unshaken.suites.verdicts.VerdictSpec} record, which the fluent methods build and scenario files read.
 * Each is unit-tested on hand-built journals, passing and failing, and refuses to pass without evidence (no load
 * during the fault, no such fault, nothing observed, a watcher not connected during the window):
 * it is then inconclusive ({@link dev.unshaken.suites.verdicts.InconclusiveVerdictError}), which is neither a pass nor,
 * for a negative control, a caught defect.
 */
package dev.unshaken.suites.verdicts;
