#!/usr/bin/env python3
"""Prints the verdict accuracy table from bench/accuracy.sh's failsafe XML (one folder per run).

Each scenario test is either a reference run (the verdict must pass) or a negative control on a broken twin
(the test asserts the verdict fails: a passing test means the verdict rejected the twin)."""
import pathlib
import sys
import xml.etree.ElementTree as ET

# test method -> (verdict, stack, what a passing test means)
TESTS = {
    "gracefulDeletesOfShopPodsUnderCheckoutLoadFailNoRequest": ("no failed requests around graceful deletes", "reference", "pass"),
    "rollingUpdateOfTheReferenceShopUnderCheckoutLoadFailsNoRequest": ("ready replicas + no failed requests during a rolling update", "reference", "pass"),
    "aRolloutThatStopsEveryOldPodAtOnceIsCaught": ("ready replicas kept during a rolling update", "surge-unavailable", "reject"),
    "drainingBothAgentsUnderCheckoutLoadIsHeldBackByTheBudgets": ("PDB: drain held back (429), ready >= budget", "reference", "pass"),
    "withoutBudgetsTheDrainsEvictEveryReplicaAtOnceAndTheVerdictSaysSo": ("PDB: drain held back (429), ready >= budget", "no-pdb", "reject"),
    "userServiceScalesOutUnderSignUpLoad": ("HPA scale-out within budget", "reference", "pass"),
    "anHpaWithoutCpuRequestsNeverScalesAndTheVerdictSaysWhy": ("HPA scale-out within budget", "hpa-cannot-scale", "reject"),
    "checkoutsMeetTheP99Slo": ("p99 latency < 500 ms in steady state", "reference", "pass"),
    "aThrottledUserServiceMissesTheSloAndTheVerdictSaysByHowMuch": ("p99 latency < 500 ms in steady state", "cpu-throttled", "reject"),
    "gracefulPodDeletesUnderLoadFailNoRequest": ("no failed requests around graceful deletes", "web workload", "pass"),
    "podsStillRoutedWhileTerminatingAreCaughtByTheVerdict": ("no failed requests around graceful deletes", "web, routed while Terminating", "reject"),
    "aDrainHeldBackByTheBudgetKeepsTwoPodsReadyAndFailsNoRequest": ("PDB: drain held back (429), ready >= budget", "web workload", "pass"),
    "withoutABudgetTheDrainTakesBothPodsAtOnceAndTheVerdictSaysSo": ("PDB: drain held back (429), ready >= budget", "web, no PDB", "reject"),
    "aKilledPodIsReplacedWithinAMinuteWithFewFailures": ("recovery after SIGKILL (and a too-tight budget rejected)", "web workload", "pass"),
    "aCrashedContainerIsRestartedInPlaceWithFewFailures": ("recovery after a container crash (and 0 s rejected)", "web workload", "pass"),
    "aPoweredOffAgentCostsBoundedFailuresAndTheWorkloadRecovers": ("recovery after node failure; no-failed-requests rejects it", "web workload", "pass"),
    "releaseRollbackAndScalingUnderLoadFailNoRequest": ("rollout, rollback, scale: ready kept, no failures, p99", "web workload", "pass"),
}


def main(out: pathlib.Path) -> None:
    runs = sorted(p for p in out.iterdir() if p.is_dir() and p.name.startswith("run-"))
    results: dict[str, list[bool]] = {}
    seconds: dict[str, list[float]] = {}
    for run in runs:
        for xml in run.glob("TEST-*.xml"):
            for case in ET.parse(xml).getroot().iter("testcase"):
                name = case.get("name", "").split("(")[0]
                ok = not any(case.find(t) is not None for t in ("failure", "error", "skipped"))
                results.setdefault(name, []).append(ok)
                seconds.setdefault(case.get("classname", "?").rsplit(".", 1)[-1], []).append(float(case.get("time", "0")))
    print(f"Verdict accuracy over {len(runs)} run(s) ({out.name})\n")
    print(f"| verdict | stack | expected | observed |\n| --- | --- | --- | --- |")
    for method, (verdict, stack, meaning) in TESTS.items():
        got = results.get(method, [])
        want = "pass" if meaning == "pass" else "fail (rejected)"
        print(f"| {verdict} | {stack} | {len(runs)}/{len(runs)} {want} | {sum(got)}/{len(got)} {want} |")
    unknown = sorted(set(results) - set(TESTS))
    if unknown:
        print("\nnot in the table: " + ", ".join(unknown))
    print("\nWall time per scenario class (median of runs, s):\n")
    print("| scenario | seconds |\n| --- | --- |")
    for cls, times in sorted(seconds.items()):
        per_run = len(times) // max(1, len(runs)) or 1
        total = sorted(sum(times[i:i + per_run]) for i in range(0, len(times), per_run))
        print(f"| {cls} | {total[len(total) // 2]:.0f} |")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
