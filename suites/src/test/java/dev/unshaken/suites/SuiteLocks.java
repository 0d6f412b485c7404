package dev.unshaken.suites;

/**
 * The names of the resources the ITs' classes lock, so that classes which cannot disturb each other run side by side
 * (at most {@code -Dunshaken.parallel} at once) and the others run alone. Every IT class carries exactly one of
 * {@link RunsBesideOthers}, {@link UsesTheShop} or {@link RunsAlone} ({@code SuiteLocksTest} checks it): a class with none
 * would run beside a node drain.
 */
public final class SuiteLocks {

    /** The run's shared cluster: read-locked by classes that keep to namespaces of their own, write-locked by the others. */
    public static final String CLUSTER = "unshaken.cluster";
    /** Namespace {@code shop} and the gateway's NodePort 30080: one class at a time deploys the shop. */
    public static final String SHOP = "unshaken.shop";

    private SuiteLocks() {
    }
}
