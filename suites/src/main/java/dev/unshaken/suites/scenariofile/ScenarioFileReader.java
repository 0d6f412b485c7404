package dev.unshaken.suites.scenariofile;

import dev.unshaken.chaos.AbortCondition;
import dev.unshaken.chaos.Faults;
import dev.unshaken.fixtures.cluster.ClusterUnavailableException;
import dev.unshaken.fixtures.cluster.ExistingCluster;
import dev.unshaken.fixtures.cluster.K3sCluster;
import dev.unshaken.fixtures.stack.StackManifests;
import dev.unshaken.fixtures.stack.StackVariant;
import dev.unshaken.load.LoadProfile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a scenario file and validates all of it before anything runs: unknown keys (with the nearest known one),
 * wrong types, bad durations, budgets that can never hold, and targets that do not exist in the cluster or the
 * stack it describes. Every problem is collected; a file with any is thrown as one {@link ScenarioFileException}.
 *
 * <pre>{@code
 * ScenarioFile scenario = ScenarioFileReader.read(Path.of("suites/scenarios/drain-without-pdb.yaml"));
 * }</pre>
 *
 * The schema is documented in the README's "Scenario files" section.
 */
public final class ScenarioFileReader {

    static final List<String> TOP_KEYS = List.of("name", "description", "seed", "cluster", "stack", "load", "limits", "abort", "faults",
            "verdicts");
    static final List<String> ABORT_KEYS = List.of("failedPercent", "window", "minRequests");
    static final List<String> CLUSTER_KEYS = List.of("agents", "k3sVersion", "kubeconfig", "context");
    static final List<String> OWN_STACK_KEYS = List.of("manifests", "images", "namespace", "nodePort", "readyPath");
    static final List<String> LOAD_KEYS = List.of("journey", "path", "orderDelay", "rates");
    static final List<String> RATE_KEYS = List.of("constant", "ramp", "for");
    static final List<String> LIMIT_KEYS = List.of("maxRate", "maxDuration");
    /**
     * The most journeys a rate may start per second unless the file's {@code limits.maxRate} says otherwise. One JVM
     * generates the load, on the machine that often runs the cluster too, and journals every request as a line of its
     * own, flushed as it comes: 500 checkouts a second are 2,500 requests and lines a second. Above that the load
     * generator, not the stack, is what a run measures; and a typo of a few zeros must not flood a staging cluster.
     */
    static final double MAX_RATE = 500;
    /**
     * The longest load (the sum of its rates) unless the file's {@code limits.maxDuration} says otherwise: longer than
     * any CI job runs, so a longer one is a typo of a unit (100000h for 100000ms) rather than a plan.
     */
    static final Duration MAX_LOAD_DURATION = Duration.ofHours(2);
    /** The window of an abort condition that names none. */
    static final Duration DEFAULT_ABORT_WINDOW = Duration.ofSeconds(10);
    /** NodePorts a cluster the runner starts publishes on localhost. */
    static final int FIRST_NODE_PORT = 30080;
    static final int LAST_NODE_PORT = 30089;
    static final int DEFAULT_AGENTS = 2;
    private static final Pattern K3S_VERSION = Pattern.compile("v\\d+\\.\\d+\\.\\d+\\+k3s\\d+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static List<HasMetadata> referenceManifests;

    private final Path file;
    private final Problems problems;
    /** The bounds on the load; null when the limits section is invalid (reported), so the load is not also judged by them. */
    private Limits limits = Limits.DEFAULT;
    /** An invalid cluster section's kind of cluster, so faults are still checked for what it can do; null when unknown. */
    private ClusterSpec meantCluster;

    private ScenarioFileReader(Path file) {
        this.file = file;
        this.problems = new Problems(file);
    }

    /**
     * Reads and validates the file.
     *
     * @throws ScenarioFileException listing every problem as {@code file:line:column: message}
     */
    public static ScenarioFile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(file, "no such file (looked at " + file.toAbsolutePath() + ")");
        } catch (IOException e) {
            throw single(file, "cannot read the file: " + e.getMessage());
        }
        return read(file, text);
    }

    /** Reads and validates {@code text} as if it were the content of {@code file} (relative paths start at its folder). */
    public static ScenarioFile read(Path file, String text) {
        return new ScenarioFileReader(file).readText(text);
    }

    private static ScenarioFileException single(Path file, String message) {
        return new ScenarioFileException(file, List.of(new ScenarioFileException.Problem(file, 1, 1, message)));
    }

    private ScenarioFile readText(String text) {
        Node root = compose(text);
        Optional<YamlMapping> read = new YamlValue(root, "", problems).mapping(TOP_KEYS);
        if (read.isEmpty()) {
            problems.throwIfAny();
        }
        YamlMapping top = read.orElseThrow();

        String name = top.getOr("name", defaultName(), this::name).orElse(null);
        String description = top.getOr("description", "", YamlValue::text).orElse(null);
        long defaultSeed = Long.getLong(Faults.SEED_PROPERTY, Faults.DEFAULT_SEED);
        long seed = top.getOr("seed", defaultSeed, v -> v.wholeNumber(0, Integer.MAX_VALUE, "the seed of victim picks").map(Integer::longValue))
                .orElse(defaultSeed);
        ClusterSpec cluster = top.get("cluster").map(this::cluster)
                .orElse(Optional.of(new ClusterSpec.K3s(DEFAULT_AGENTS, defaultK3sVersion()))).orElse(null);
        var stackRead = top.get("stack").map(v -> stack(v, cluster)).orElseGet(() -> shop(StackVariant.REFERENCE, root));
        limits = top.get("limits").map(this::limits).orElse(Optional.of(Limits.DEFAULT)).orElse(null);
        Optional<LoadSpec> load = top.require("load", "the traffic: journey and rates").flatMap(v -> load(v, stackRead.spec()));
        AbortCondition abort = top.get("abort").flatMap(this::abort).orElse(null);

        var targets = new Targets(cluster == null ? meantCluster : cluster, stackRead.facts(), stackRead.description());
        var timeline = new TimelineReader(targets, load.map(l -> l.profile().duration()).orElse(null),
                stackRead.spec().orElse(null) instanceof StackSpec.Shop);
        top.get("faults").ifPresent(timeline::read);
        var verdicts = new VerdictsReader(targets, stackRead.spec().map(StackSpec::namespace).orElse(null), timeline.kinds(),
                timeline.deletesWhenInFlight());
        top.require("verdicts", "what must hold after the run, e.g. - noFailedRequests: {around: rollout}").ifPresent(verdicts::read);

        problems.throwIfAny();
        return new ScenarioFile(file, name, description, seed, cluster, stackRead.spec().orElseThrow(), load.orElseThrow(),
                timeline.timeline(), verdicts.verdicts(), abort);
    }

    private Node compose(String text) {
        Node root = null;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            if (mark == null) {
                problems.add(1, 1, "not valid YAML: " + e.getProblem() + context);
            } else {
                problems.add(mark, "not valid YAML: " + e.getProblem() + context);
            }
        } catch (YAMLException e) {
            problems.add(1, 1, "not valid YAML: " + e.getMessage());
        }
        if (root == null && !problems.any()) {
            problems.add(1, 1, "the file is empty: a scenario needs at least load and verdicts");
        }
        problems.throwIfAny();
        return root;
    }

    private String defaultName() {
        String fileName = file.getFileName() == null ? "scenario" : file.getFileName().toString();
        String base = fileName.replaceFirst("\\.ya?ml$", "").replaceAll("[^A-Za-z0-9._-]+", "-");
        return base.isEmpty() || base.startsWith(".") || base.startsWith("-") ? "scenario" + base : base;
    }

    private Optional<String> name(YamlValue value) {
        return value.text().filter(name -> {
            if (NAME.matcher(name).matches()) {
                return true;
            }
            value.problem(value.where() + ": expected letters, digits, '.', '_' or '-' (it names the report directory), got '" + name + "'");
            return false;
        });
    }

    // ----- cluster -----

    static String defaultK3sVersion() {
        return System.getProperty(K3sCluster.VERSION_PROPERTY, K3sCluster.DEFAULT_VERSION);
    }

    private Optional<ClusterSpec> cluster(YamlValue value) {
        return value.mapping(CLUSTER_KEYS).flatMap(cluster -> {
            if (cluster.has("kubeconfig")) {
                meantCluster = new ClusterSpec.Kubeconfig(Path.of(cluster.get("kubeconfig").flatMap(YamlValue::written).orElse("?")), null);
                for (String key : List.of("agents", "k3sVersion")) {
                    cluster.get(key).ifPresent(v -> v.problem(v.where() + ": applies to a cluster Unshaken starts; with kubeconfig the"
                            + " running cluster's own nodes and version are used: remove one of the two"));
                }
                Optional<Path> kubeconfig = cluster.get("kubeconfig").flatMap(this::existingFile);
                Optional<String> context = kubeconfigContext(cluster, kubeconfig);
                if (kubeconfig.isEmpty() || cluster.has("agents") || cluster.has("k3sVersion") || context.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new ClusterSpec.Kubeconfig(kubeconfig.get(), context.get()));
            }
            cluster.get("context").ifPresent(v -> v.problem(v.where() + ": a context belongs to a kubeconfig; add cluster.kubeconfig,"
                    + " or remove the context to start a k3s cluster"));
            Optional<Integer> agents = cluster.getOr("agents", DEFAULT_AGENTS, v -> v.wholeNumber(0, 16, "agent nodes besides the server"));
            Optional<String> version = cluster.getOr("k3sVersion", defaultK3sVersion(), v -> v.text().filter(text -> {
                if (K3S_VERSION.matcher(text).matches()) {
                    return true;
                }
                v.problem(v.where() + ": expected a k3s release like " + K3sCluster.DEFAULT_VERSION + ", got '" + text + "'");
                return false;
            }));
            if (agents.isEmpty() || version.isEmpty() || cluster.has("context")) {
                return Optional.empty();
            }
            return Optional.of(new ClusterSpec.K3s(agents.get(), version.get()));
        });
    }

    /**
     * The context of a cluster by kubeconfig, which must be named (the file's current-context is never used on a cluster
     * Unshaken did not start) and, when the file could be read, be one of its contexts.
     */
    private Optional<String> kubeconfigContext(YamlMapping cluster, Optional<Path> kubeconfig) {
        Optional<ExistingCluster.Contexts> contexts = kubeconfig.flatMap(file -> contextsOf(cluster.get("kubeconfig").orElseThrow(), file));
        Optional<YamlValue> value = cluster.get("context");
        if (value.isEmpty()) {
            cluster.missing("context", "the context of the kubeconfig to run in" + contexts.map(c -> ", one of: " + c.listed()).orElse("")
                    + "; its current-context" + contexts.map(c -> " (" + c.currentOrNone() + ")").orElse("")
                    + " is never used in its place on a cluster Unshaken did not start");
            return Optional.empty();
        }
        return value.get().text().filter(name -> {
            if (contexts.isEmpty() || contexts.get().available().contains(name)) {
                return true;
            }
            value.get().problem(value.get().where() + ": kubeconfig " + kubeconfig.orElseThrow() + " has no context '" + name + "'"
                    + NearestName.hint(name, contexts.get().available()) + " (its contexts: " + contexts.get().listed() + ")");
            return false;
        });
    }

    private static Optional<ExistingCluster.Contexts> contextsOf(YamlValue value, Path file) {
        try {
            return Optional.of(ExistingCluster.contextsOf(file));
        } catch (ClusterUnavailableException e) {
            value.problem(value.where() + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A path relative to the scenario file's folder ({@code ~/} is the home directory), which must be a file. */
    private Optional<Path> existingFile(YamlValue value) {
        return value.text().map(this::resolve).filter(path -> {
            if (Files.isRegularFile(path)) {
                return true;
            }
            value.problem(value.where() + ": no file " + path + " (relative paths start at the scenario file's folder)");
            return false;
        });
    }

    private Path resolve(String text) {
        Path path = text.startsWith("~/") ? Path.of(System.getProperty("user.home"), text.substring(2)) : Path.of(text);
        Path folder = file.toAbsolutePath().getParent();
        return (path.isAbsolute() || folder == null ? path : folder.resolve(path)).normalize();
    }

    // ----- stack -----

    /** The stack read, its facts when its manifests could be read, and how to name it in messages. */
    private record StackRead(Optional<StackSpec> spec, StackFacts facts, String description) {
    }

    private StackRead stack(YamlValue value, ClusterSpec cluster) {
        if (value.isScalar()) {
            String name = value.text().orElseThrow();
            List<String> known = Arrays.stream(StackVariant.values()).map(StackVariant::twinName).toList();
            if (!known.contains(name)) {
                value.problem(value.where() + ": unknown stack '" + name + "'" + NearestName.hint(name, known) + " (the reference shop and"
                        + " its broken twins: " + String.join(", ", known) + "; or your own: stack: {manifests: DIR, nodePort: N})");
                return new StackRead(Optional.empty(), null, "the stack");
            }
            return shop(StackVariant.named(name), value.node());
        }
        Optional<YamlMapping> read = value.mapping(OWN_STACK_KEYS);
        if (read.isEmpty()) {
            return new StackRead(Optional.empty(), null, "the stack");
        }
        return ownManifests(read.get(), cluster);
    }

    private StackRead shop(StackVariant variant, Node at) {
        String description = "the " + variant.twinName() + " shop";
        StackSpec spec = new StackSpec.Shop(variant);
        try {
            return new StackRead(Optional.of(spec), StackFacts.of(variant.apply(referenceManifests())), description);
        } catch (RuntimeException e) {
            problems.add(at, "stack: cannot read the shop's manifests to check the file's targets against: " + e.getMessage());
            return new StackRead(Optional.of(spec), null, description);
        }
    }

    private static synchronized List<HasMetadata> referenceManifests() {
        if (referenceManifests == null) {
            referenceManifests = StackManifests.load();
        }
        return referenceManifests;
    }

    private StackRead ownManifests(YamlMapping stack, ClusterSpec cluster) {
        String description = "your manifests";
        Optional<YamlValue> manifestsValue = stack.require("manifests", "the folder of your *.yaml manifests");
        Optional<Path> directory = manifestsValue.flatMap(v -> v.text().map(this::resolve).filter(dir -> {
            if (Files.isDirectory(dir)) {
                return true;
            }
            v.problem(v.where() + ": no folder " + dir + " (relative paths start at the scenario file's folder)");
            return false;
        }));
        StackFacts facts = directory.map(dir -> manifestFacts(manifestsValue.orElseThrow(), dir)).orElse(null);
        Optional<List<String>> images = stack.getOr("images", List.of(), v -> v.list().flatMap(items -> {
            var texts = new ArrayList<String>();
            items.forEach(item -> item.text().ifPresent(texts::add));
            return texts.size() == items.size() ? Optional.of(List.copyOf(texts)) : Optional.empty();
        }));
        Optional<String> namespace = ownNamespace(stack, facts);
        Optional<Integer> nodePort = stack.require("nodePort", "the NodePort of your Service the load goes to")
                .flatMap(v -> v.wholeNumber(30000, 32767, "a NodePort").filter(port -> nodePortExists(v, port, facts, cluster)));
        Optional<String> readyPath = stack.getOr("readyPath", "/", v -> v.text().filter(path -> {
            if (path.startsWith("/")) {
                return true;
            }
            v.problem(v.where() + ": expected a path starting with '/', got '" + path + "'");
            return false;
        }));
        if (directory.isEmpty() || images.isEmpty() || namespace.isEmpty() || nodePort.isEmpty() || readyPath.isEmpty()) {
            return new StackRead(Optional.empty(), facts, description);
        }
        return new StackRead(Optional.of(new StackSpec.OwnManifests(directory.get(), images.get(), namespace.get(), nodePort.get(),
                readyPath.get())), facts, description);
    }

    /** What the manifests in dir declare, or null after reporting why they cannot be read. */
    private static StackFacts manifestFacts(YamlValue value, Path dir) {
        try {
            List<HasMetadata> objects = StackManifests.loadDirectory(dir);
            List<String> clusterWide = objects.stream().filter(ScenarioFileReader::clusterWide)
                    .map(o -> o.getKind() + " " + o.getMetadata().getName()).toList();
            if (!clusterWide.isEmpty()) {
                value.problem(value.where() + ": your manifests declare " + String.join(", ", clusterWide) + ", which "
                        + (clusterWide.size() == 1 ? "is" : "are") + " cluster-wide: a scenario creates objects only inside its own"
                        + " namespace, which its cleanup deletes with everything in it; create cluster-wide objects beforehand"
                        + " (manifests read from " + dir + ")");
                return null;
            }
            if (!objects.isEmpty()) {
                return StackFacts.of(objects);
            }
            value.problem(value.where() + ": no Kubernetes objects in the *.yaml files of " + dir);
        } catch (RuntimeException e) {
            value.problem(value.where() + ": " + e.getMessage());
        }
        return null;
    }

    /**
     * A known kind that is not namespaced (a ClusterRole, a PersistentVolume, a StorageClass...): it would outlive the
     * scenario's namespace. The Namespace itself is the scenario's; a custom resource's scope is unknown here, and the
     * API server puts a namespaced one in the namespace.
     */
    private static boolean clusterWide(HasMetadata object) {
        return !(object instanceof Namespaced) && !(object instanceof Namespace) && !(object instanceof GenericKubernetesResource);
    }

    /** The one namespace the manifests live in: stated, or the only one they name. */
    private Optional<String> ownNamespace(YamlMapping stack, StackFacts facts) {
        var used = new TreeSet<String>(facts == null ? List.of() : facts.namespaces());
        Optional<YamlValue> stated = stack.get("namespace");
        Optional<String> namespace = stated.flatMap(YamlValue::text);
        if (stated.isPresent() && namespace.isEmpty()) {
            return namespace;
        }
        namespace.ifPresent(used::add);
        YamlValue at = stated.orElse(stack.self());
        if (used.size() > 1) {
            at.problem(at.where() + ": your manifests use namespaces " + String.join(", ", used) + "; a scenario confines its faults"
                    + " to one namespace, so put every object in one");
            return Optional.empty();
        }
        if (used.isEmpty()) {
            if (facts != null) {
                stack.missing("namespace", "none of your objects names one: the namespace to deploy them into");
            }
            return Optional.empty();
        }
        String only = used.first();
        if (Faults.isSystemNamespace(only)) {
            at.problem(at.where() + ": faults never touch namespace " + only + " (default and kube-* are the cluster's own); deploy the"
                    + " stack under test into a namespace of its own, one that does not exist before the run");
            return Optional.empty();
        }
        return Optional.of(only);
    }

    private boolean nodePortExists(YamlValue value, int port, StackFacts facts, ClusterSpec cluster) {
        if (cluster instanceof ClusterSpec.K3s && (port < FIRST_NODE_PORT || port > LAST_NODE_PORT)) {
            value.problem(value.where() + ": a cluster Unshaken starts publishes NodePorts " + FIRST_NODE_PORT + "-" + LAST_NODE_PORT
                    + " on localhost; give your Service one of those, got " + port);
            return false;
        }
        if (facts != null && !facts.nodePorts().contains(port)) {
            value.problem(value.where() + ": no Service of your manifests has nodePort " + port + " (they have: "
                    + (facts.nodePorts().isEmpty() ? "none" : facts.nodePorts().toString().replaceAll("[\\[\\]]", "")) + ")");
            return false;
        }
        return true;
    }

    // ----- limits -----

    /**
     * Bounds on the load a file may ask for.
     *
     * @param maxRate     journeys started per second, at most
     * @param maxDuration the whole load, at most
     * @param raised      whether the file set them ({@code limits}), for messages
     */
    private record Limits(double maxRate, Duration maxDuration, boolean raised) {
        static final Limits DEFAULT = new Limits(MAX_RATE, MAX_LOAD_DURATION, false);
    }

    private Optional<Limits> limits(YamlValue value) {
        return value.mapping(LIMIT_KEYS).flatMap(limits -> {
            Optional<Double> maxRate = limits.getOr("maxRate", MAX_RATE, v -> v.nonNegativeNumber("journeys per second a rate may start, at most")
                    .filter(rate -> {
                        if (rate > 0) {
                            return true;
                        }
                        v.problem(v.where() + ": must be more than 0 (no rate could start a journey)");
                        return false;
                    }));
            Optional<Duration> maxDuration = limits.getOr("maxDuration", MAX_LOAD_DURATION, v -> v.positiveDuration("no load could run"));
            return maxRate.isEmpty() || maxDuration.isEmpty() ? Optional.empty()
                    : Optional.of(new Limits(maxRate.get(), maxDuration.get(), true));
        });
    }

    /** {@code abort: {failedPercent: 50, window: 10s, minRequests: 10}}: when the faults stop early ({@link AbortCondition}). */
    private Optional<AbortCondition> abort(YamlValue value) {
        return value.mapping(ABORT_KEYS).flatMap(abort -> {
            Optional<Integer> percent = abort.require("failedPercent", "the share of failed requests that stops the faults, e.g."
                    + " failedPercent: 50").flatMap(v -> v.wholeNumber(1, 99, "the share of failed requests, in %, that stops the faults"));
            Optional<Duration> window = abort.getOr("window", DEFAULT_ABORT_WINDOW, v -> v.duration().filter(d -> {
                if (d.compareTo(Duration.ofSeconds(1)) >= 0) {
                    return true;
                }
                v.problem(v.where() + ": expected at least 1s (the window the share of failed requests is counted over), got "
                        + v.written().orElse(""));
                return false;
            }));
            Optional<Integer> minRequests = abort.getOr("minRequests", AbortCondition.DEFAULT_MIN_REQUESTS,
                    v -> v.wholeNumber(1, 1_000_000, "the requests a window needs before its share counts"));
            return percent.isEmpty() || window.isEmpty() || minRequests.isEmpty() ? Optional.empty()
                    : Optional.of(new AbortCondition(percent.get() / 100.0, window.get(), minRequests.get()));
        });
    }

    /** Reports a rate above the bound; the rate is kept, so the rest of the file is still checked against its load. */
    private void checkRate(YamlValue value, double perSecond) {
        if (limits == null || perSecond <= limits.maxRate()) {
            return;
        }
        value.problem(value.where() + ": expected at most " + number(limits.maxRate()) + " journeys per second ("
                + (limits.raised() ? "limits.maxRate" : "what one load JVM can start here") + "), got " + value.written().orElse(number(perSecond))
                + "; lower it, or " + (limits.raised() ? "raise limits.maxRate" : "raise the bound with limits: {maxRate: N}")
                + " if the load machine and the cluster can take it");
    }

    /** Reports a load longer than the bound. */
    private void checkDuration(YamlValue rates, Duration total) {
        if (limits == null || total.compareTo(limits.maxDuration()) <= 0) {
            return;
        }
        rates.problem(rates.where() + ": expected a load of at most " + DurationText.written(limits.maxDuration()) + " in all ("
                + (limits.raised() ? "limits.maxDuration" : "longer than any CI job runs") + "), got " + DurationText.written(total)
                + " (the sum of load.rates); shorten it, or " + (limits.raised() ? "raise limits.maxDuration"
                : "raise the bound with limits: {maxDuration: D}") + " if the run is meant to last that long");
    }

    /** {@code 500}, {@code 2.5}. */
    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    // ----- load -----

    private Optional<LoadSpec> load(YamlValue value, Optional<StackSpec> stack) {
        return value.mapping(LOAD_KEYS).flatMap(load -> {
            Optional<String> journey = load.require("journey", "one of " + String.join(", ", LoadSpec.JOURNEYS))
                    .flatMap(v -> v.text().filter(name -> journeyFits(v, name, stack)));
            Optional<String> path = Optional.of("/");
            if (load.has("path")) {
                YamlValue pathValue = load.get("path").orElseThrow();
                if (journey.isPresent() && !journey.get().equals(LoadSpec.GET)) {
                    pathValue.problem(pathValue.where() + ": applies to journey " + LoadSpec.GET + " only; " + journey.get()
                            + " walks its own routes");
                    path = Optional.empty();
                } else {
                    path = pathValue.text().filter(p -> {
                        if (p.startsWith("/")) {
                            return true;
                        }
                        pathValue.problem(pathValue.where() + ": expected a path starting with '/', got '" + p + "'");
                        return false;
                    });
                }
            }
            Optional<Duration> orderDelay = Optional.of(Duration.ZERO);
            if (load.has("orderDelay")) {
                YamlValue delayValue = load.get("orderDelay").orElseThrow();
                if (journey.isPresent() && !journey.get().equals(LoadSpec.CHECKOUT)) {
                    delayValue.problem(delayValue.where() + ": applies to journey " + LoadSpec.CHECKOUT + " only (it holds each order"
                            + " inside order-service); " + journey.get() + " places no order");
                    orderDelay = Optional.empty();
                } else {
                    orderDelay = delayValue.duration().filter(d -> {
                        if (d.toMillis() <= 10_000) {
                            return true;
                        }
                        delayValue.problem(delayValue.where() + ": expected at most 10s (the shop caps the hold there), got "
                                + DurationText.format(d));
                        return false;
                    });
                }
            }
            Optional<LoadProfile> profile = load.require("rates", "journeys started per second over time, e.g. - {constant: 2, for: 60s}")
                    .flatMap(this::profile);
            if (journey.isEmpty() || path.isEmpty() || orderDelay.isEmpty() || profile.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new LoadSpec(journey.get(), path.get(), orderDelay.get(), profile.get()));
        });
    }

    private boolean journeyFits(YamlValue value, String name, Optional<StackSpec> stack) {
        if (!LoadSpec.JOURNEYS.contains(name)) {
            value.problem(value.where() + ": unknown journey '" + name + "'" + NearestName.hint(name, LoadSpec.JOURNEYS)
                    + " (journeys: " + String.join(", ", LoadSpec.JOURNEYS) + ")");
            return false;
        }
        if (LoadSpec.SHOP_JOURNEYS.contains(name) && stack.isPresent() && stack.get() instanceof StackSpec.OwnManifests) {
            value.problem(value.where() + ": journey " + name + " walks the reference shop's API; with your own manifests use journey "
                    + LoadSpec.GET + " (and load.path)");
            return false;
        }
        return true;
    }

    private Optional<LoadProfile> profile(YamlValue rates) {
        Optional<List<YamlValue>> items = rates.list();
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            rates.problem(rates.where() + ": expected at least one rate, e.g. - {constant: 2, for: 60s}");
            return Optional.empty();
        }
        var phases = new ArrayList<LoadProfile.Phase>();
        boolean valid = true;
        for (YamlValue item : items.get()) {
            Optional<LoadProfile.Phase> phase = phase(item);
            phase.ifPresent(phases::add);
            valid &= phase.isPresent();
        }
        if (!valid) {
            return Optional.empty();
        }
        boolean startsNothing = phases.stream().allMatch(p -> switch (p) {
            case LoadProfile.ConstantRate c -> c.perSecond() == 0;
            case LoadProfile.RampedRate r -> r.fromPerSecond() == 0 && r.toPerSecond() == 0;
        });
        if (startsNothing) {
            rates.problem(rates.where() + ": every rate is 0, so the load would start no journey and no verdict could judge anything");
            return Optional.empty();
        }
        var profile = new LoadProfile(phases);
        checkDuration(rates, profile.duration());
        return Optional.of(profile);
    }

    private Optional<Double> rampRate(YamlValue value) {
        Optional<Double> perSecond = value.nonNegativeNumber("journeys per second");
        perSecond.ifPresent(r -> checkRate(value, r));
        return perSecond;
    }

    private Optional<LoadProfile.Phase> phase(YamlValue item) {
        return item.mapping(RATE_KEYS).flatMap(rate -> {
            Optional<Duration> duration = rate.require("for", "how long this rate lasts, e.g. for: 60s")
                    .flatMap(v -> v.positiveDuration("a rate that lasts no time starts nothing"));
            if (rate.has("constant") == rate.has("ramp")) {
                rate.self().problem(item.where() + ": expected either constant (journeys per second) or ramp ({from, to}), "
                        + (rate.has("constant") ? "not both" : "got neither"));
                return Optional.empty();
            }
            if (rate.has("constant")) {
                YamlValue constant = rate.get("constant").orElseThrow();
                Optional<Double> perSecond = constant.nonNegativeNumber("journeys started per second");
                perSecond.ifPresent(r -> checkRate(constant, r));
                return perSecond.isEmpty() || duration.isEmpty() ? Optional.empty()
                        : Optional.of(new LoadProfile.ConstantRate(perSecond.get(), duration.get()));
            }
            return rate.get("ramp").orElseThrow().mapping(List.of("from", "to")).flatMap(ramp -> {
                Optional<Double> from = ramp.require("from", "journeys per second at the start").flatMap(this::rampRate);
                Optional<Double> to = ramp.require("to", "journeys per second at the end").flatMap(this::rampRate);
                return from.isEmpty() || to.isEmpty() || duration.isEmpty() ? Optional.empty()
                        : Optional.of(new LoadProfile.RampedRate(from.get(), to.get(), duration.get()));
            });
        });
    }
}
