package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.Reach;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The model kept up to date by watches (fabric8 informers on every kind the model reads, per cluster): after a
 * change, the changed cluster's facts are rebuilt from the informers' caches — a few milliseconds later, so a burst
 * of events is one rebuild — and listeners get the new model. Nothing runs while nothing changes. A cluster whose
 * watches fail is reported unreachable, since the first failure, and comes back by itself when they recover.
 */
public final class LiveSource implements AutoCloseable {

    /** Events closer together than this are one rebuild. */
    static final long DEBOUNCE_MS = 30;
    /** How often a failing cluster is looked at to see whether it answers again. */
    static final long RECOVERY_CHECK_MS = 1_000;

    private static final Logger LOG = Logger.getLogger(LiveSource.class.getName());

    private final ClusterAccess access;
    private final Clock clock;
    private final List<ModelListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meshstage-live-model");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Watched> clusters = new LinkedHashMap<>();
    private volatile MeshModel model = new MeshModel(List.of());
    private final AtomicLong rebuilds = new AtomicLong();
    private boolean closed;

    /** One cluster's informers and what was last built from them; touched only on the worker thread after start. */
    private final class Watched {
        final ClusterAccess.ClusterRef ref;
        /** Concurrent: an add-on's informer comes and goes from its CRD's events while the worker reads them. */
        final Map<String, SharedIndexInformer<? extends HasMetadata>> informers = new ConcurrentHashMap<>();
        /** Per add-on kind, the watch on its CRD, which starts and stops the informer on its objects. */
        final Map<AddOnKind, SharedIndexInformer<CustomResourceDefinition>> crds = new LinkedHashMap<>();
        /** The start (first sync) of each add-on's informer that runs. */
        final Map<String, CompletableFuture<Void>> addOnStarts = new HashMap<>();
        KubernetesClient client;
        final Map<String, PodCache> pods = new HashMap<>();
        List<MeshParts.DiscoveryFact> discovery = List.of();
        boolean discoveryStale = true;
        Instant failingSince;
        String problem;
        /** A rebuild is scheduled and has not started reading the caches yet. */
        boolean rebuildQueued;
        ScheduledFuture<?> recovery;
        ClusterFacts facts;

        Watched(ClusterAccess.ClusterRef ref) {
            this.ref = ref;
        }
    }

    /** A pod's facts for the resourceVersion they were made from: thousands of unchanged pods are not converted again. */
    private record PodCache(String resourceVersion, PodFact fact) {
    }

    public LiveSource(ClusterAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    public void addListener(ModelListener l) {
        listeners.add(l);
    }

    public void removeListener(ModelListener l) {
        listeners.remove(l);
    }

    public MeshModel model() {
        return model;
    }

    /** The kinds watched in {@code cluster} now, by informer name (tests: an add-on's only once its CRD is served). */
    java.util.Set<String> watchedKinds(String cluster) {
        Watched w = clusters.get(cluster);
        return w == null ? java.util.Set.of() : java.util.Set.copyOf(w.informers.keySet());
    }

    /** How many times a cluster's facts were assembled from its caches (tests and benchmarks: what idle costs). */
    public long rebuilds() {
        return rebuilds.get();
    }

    /**
     * Starts watching every cluster in play and waits (up to {@code timeoutMs}) for the first full model. Called once;
     * not under the lock that publishing takes, which the first rebuild needs.
     */
    public MeshModel start(long timeoutMs) {
        for (ClusterAccess.ClusterRef ref : access.clusters()) {
            Watched w = new Watched(ref);
            clusters.put(ref.name(), w);
            try {
                watch(w, access.client(ref.name()));
            } catch (RuntimeException e) {
                w.failingSince = clock.instant();
                w.problem = Problems.explain(e);
            }
        }
        List<CompletableFuture<Void>> required = new ArrayList<>();
        for (Watched w : clusters.values()) {
            for (var inf : List.copyOf(w.informers.values())) {
                // a rebuild when each informer has synced: the events of the first list may all come before that
                required.add(inf.start().toCompletableFuture().whenComplete((v, e) -> schedule(w)));
            }
        }
        List<CompletableFuture<Void>> crdsSynced = new ArrayList<>();
        clusters.values().forEach(w -> w.crds.values().forEach(i -> crdsSynced.add(i.start().toCompletableFuture())));
        long deadline = System.currentTimeMillis() + timeoutMs;
        awaitAll(crdsSynced, deadline);
        // the add-ons already there are in the first model too (their CRDs' events may still be on their way)
        for (Watched w : clusters.values()) {
            w.crds.forEach((kind, crd) -> crd.getStore().list().stream().filter(kind::servedBy).findAny()
                    .map(c -> startAddOn(w, kind)).ifPresent(required::add));
        }
        awaitAll(required, deadline);
        try {
            worker.submit(() -> clusters.values().forEach(this::rebuild)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the listeners get the model when the rebuild finishes
        }
        return model;
    }

    private static void awaitAll(List<CompletableFuture<Void>> synced, long deadline) {
        for (CompletableFuture<Void> s : synced) {
            long left = Math.max(0, deadline - System.currentTimeMillis());
            try {
                s.get(left, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // not synced in time: its rebuild comes when it does
            }
        }
    }

    private void watch(Watched w, KubernetesClient client) {
        add(w, "nodes", client.nodes().runnableInformer(0), false);
        add(w, "namespaces", client.namespaces().runnableInformer(0), false);
        add(w, "pods", client.pods().inAnyNamespace().runnableInformer(0), false);
        add(w, "services", client.services().inAnyNamespace().runnableInformer(0), false);
        add(w, "endpointslices", client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0), false);
        add(w, "deployments", client.apps().deployments().inAnyNamespace().runnableInformer(0), false);
        add(w, "statefulsets", client.apps().statefulSets().inAnyNamespace().runnableInformer(0), false);
        add(w, "daemonsets", client.apps().daemonSets().inAnyNamespace().runnableInformer(0), false);
        add(w, "secrets", client.secrets().inNamespace(FactsAssembler.ISTIO).runnableInformer(0), false);
        add(w, "configmaps", client.configMaps().inNamespace(FactsAssembler.ISTIO).runnableInformer(0), false);
        add(w, "events", client.v1().events().inAnyNamespace().withField("type", "Warning").runnableInformer(0), false);
        w.client = client;
        for (AddOnKind kind : AddOnKind.ALL) {
            w.crds.put(kind, crdWatch(w, kind));
        }
    }

    /** The watch on an add-on's CRD: its informer starts once the CRD serves the version read and stops when it goes. */
    private SharedIndexInformer<CustomResourceDefinition> crdWatch(Watched w, AddOnKind kind) {
        SharedIndexInformer<CustomResourceDefinition> crd = kind.crdInformer(w.client);
        crd.exceptionHandler((started, t) -> {
            Throwable cause = t;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof KubernetesClientException k && (k.getCode() == 403 || k.getCode() == 404)) {
                startAddOn(w, kind); // CRDs not to be read here: watch the kind itself, which retries until it is served
                return false;
            }
            return true; // the cluster's outage is told by the other informers
        });
        crd.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(CustomResourceDefinition obj) {
                served(obj);
            }

            @Override
            public void onUpdate(CustomResourceDefinition oldObj, CustomResourceDefinition newObj) {
                served(newObj);
            }

            @Override
            public void onDelete(CustomResourceDefinition obj, boolean deletedFinalStateUnknown) {
                stopAddOn(w, kind);
            }

            private void served(CustomResourceDefinition obj) {
                if (kind.servedBy(obj)) {
                    startAddOn(w, kind);
                } else {
                    stopAddOn(w, kind);
                }
            }
        });
        return crd;
    }

    /**
     * Starts the informer of an add-on's objects unless it runs; its sync is a rebuild.
     *
     * @return its start (first sync), or null once closed
     */
    private synchronized CompletableFuture<Void> startAddOn(Watched w, AddOnKind kind) {
        if (closed) {
            return null;
        }
        CompletableFuture<Void> running = w.addOnStarts.get(kind.name());
        if (running != null) {
            return running;
        }
        SharedIndexInformer<GenericKubernetesResource> informer = kind.informer(w.client);
        add(w, kind.name(), informer, true);
        CompletableFuture<Void> start = informer.start().toCompletableFuture().whenComplete((v, e) -> schedule(w));
        w.addOnStarts.put(kind.name(), start);
        return start;
    }

    /** The add-on's CRD went (or no longer serves the version read): its objects went with it. */
    private void stopAddOn(Watched w, AddOnKind kind) {
        SharedIndexInformer<? extends HasMetadata> informer;
        synchronized (this) {
            informer = w.informers.remove(kind.name());
            w.addOnStarts.remove(kind.name());
        }
        if (informer != null) {
            informer.close();
            schedule(w);
        }
    }

    private <T extends HasMetadata> void add(Watched w, String name, SharedIndexInformer<T> informer, boolean optionalApi) {
        informer.exceptionHandler((started, t) -> {
            Throwable cause = t;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause(); // the informer's list fails inside a future
            }
            boolean absentApi = cause instanceof KubernetesClientException k && k.getCode() == 404;
            if (!(optionalApi && absentApi)) {
                Throwable problem = cause;
                worker.execute(() -> failed(w, problem));
            }
            return true; // keep trying: the cluster may come back, the CRD may be installed
        });
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                changed(w, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                if (ModelRelevance.changesModel(oldObj, newObj)) {
                    changed(w, newObj);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed(w, obj);
            }
        });
        w.informers.put(name, informer);
    }

    private void changed(Watched w, HasMetadata obj) {
        if (obj != null && FactsAssembler.ISTIO.equals(obj.getMetadata().getNamespace())) {
            // istiod's view of remote clusters moves with its secrets, pods and published state
            synchronized (w) {
                w.discoveryStale = true;
            }
        }
        schedule(w);
    }

    private synchronized void schedule(Watched w) {
        if (closed) {
            return;
        }
        if (!w.rebuildQueued) {
            w.rebuildQueued = true;
            worker.schedule(() -> {
                // from here on a change schedules the next rebuild: this one may already have read past it
                synchronized (this) {
                    w.rebuildQueued = false;
                }
                rebuild(w);
            }, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void failed(Watched w, Throwable t) {
        if (w.failingSince == null) {
            w.failingSince = clock.instant();
        }
        w.problem = t instanceof RuntimeException r ? Problems.explain(r) : String.valueOf(t.getMessage());
        publish(w, ClusterFacts.unreachable(w.ref.name(), w.ref.context(), w.ref.network(), Reach.failed(w.problem, w.failingSince)));
        listeners.forEach(l -> l.failed(w.ref.name(), w.problem));
        checkRecoveryLater(w);
    }

    /**
     * A cluster that comes back after an outage may have nothing new to tell (no event, so no rebuild): while it is
     * failing, look every {@value #RECOVERY_CHECK_MS} ms whether its watches are up again. Nothing runs otherwise.
     */
    private synchronized void checkRecoveryLater(Watched w) {
        if (closed || w.recovery != null && !w.recovery.isDone()) {
            return;
        }
        w.recovery = worker.schedule(() -> {
            synchronized (this) {
                w.recovery = null;
            }
            if (w.failingSince == null) {
                return;
            }
            if (watching(w)) {
                rebuild(w);
            } else {
                checkRecoveryLater(w);
            }
        }, RECOVERY_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    private boolean watching(Watched w) {
        return w.informers.values().stream().allMatch(i -> isOptional(w, i) || i.isWatching());
    }

    /** Runs on the worker thread. */
    private void rebuild(Watched w) {
        if (w.informers.isEmpty()) {
            publish(w, ClusterFacts.unreachable(w.ref.name(), w.ref.context(), w.ref.network(),
                    Reach.failed(w.problem == null ? "not watched" : w.problem, w.failingSince)));
            return;
        }
        if (w.informers.values().stream().anyMatch(i -> !i.hasSynced() && !isOptional(w, i))) {
            listeners.forEach(l -> l.noData(w.ref.name()));
            return;
        }
        if (w.failingSince != null && !watching(w)) {
            return; // still failing: its caches are what was, not what is
        }
        w.failingSince = null;
        w.problem = null;
        boolean refreshDiscovery;
        synchronized (w) {
            refreshDiscovery = w.discoveryStale;
            w.discoveryStale = false;
        }
        rebuilds.incrementAndGet();
        ClusterObjects objects = objects(w);
        if (refreshDiscovery) {
            boolean istiod = objects.deployments().stream()
                    .anyMatch(d -> FactsAssembler.ISTIO.equals(d.getMetadata().getNamespace()) && "istiod".equals(d.getMetadata().getName()));
            try {
                w.discovery = istiod ? access.discovery(w.ref.name()) : List.of();
            } catch (RuntimeException e) {
                w.discovery = List.of();
            }
        }
        publish(w, FactsAssembler.assemble(w.ref, objects, w.discovery, access.nodeSubnet(w.ref.name()), access.peerApiServer(w.ref.name())));
    }

    private boolean isOptional(Watched w, SharedIndexInformer<?> i) {
        return AddOnKind.ALL.stream().anyMatch(kind -> w.informers.get(kind.name()) == i);
    }

    /** What an informer holds; nothing for an add-on not watched (not installed). */
    @SuppressWarnings("unchecked")
    private <T> List<T> list(Watched w, String name) {
        SharedIndexInformer<? extends HasMetadata> informer = w.informers.get(name);
        return informer == null ? new ArrayList<>() : new ArrayList<>((List<T>) (List<?>) informer.getStore().list());
    }

    private ClusterObjects objects(Watched w) {
        List<Pod> pods = list(w, "pods");
        Map<String, PodCache> next = new HashMap<>();
        List<PodFact> facts = new ArrayList<>(pods.size());
        for (Pod p : pods) {
            String key = p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
            PodCache c = w.pods.get(key);
            if (c == null || !c.resourceVersion().equals(p.getMetadata().getResourceVersion())) {
                c = new PodCache(String.valueOf(p.getMetadata().getResourceVersion()), ObjectFacts.pod(p));
            }
            next.put(key, c);
            facts.add(c.fact());
        }
        w.pods.clear();
        w.pods.putAll(next);
        return new ClusterObjects(list(w, "nodes"), list(w, "namespaces"), facts, list(w, "services"), list(w, "endpointslices"),
                list(w, "deployments"), list(w, "statefulsets"), list(w, "daemonsets"), list(w, "secrets"), list(w, "configmaps"),
                list(w, "gateways"), list(w, "virtualservices"), list(w, "pools"), list(w, "events"));
    }

    private synchronized void publish(Watched w, ClusterFacts facts) {
        if (facts.equals(w.facts)) {
            return;
        }
        w.facts = facts;
        List<ClusterFacts> all = new ArrayList<>();
        for (Watched c : clusters.values()) {
            all.add(c.facts != null ? c.facts
                    : ClusterFacts.unreachable(c.ref.name(), c.ref.context(), c.ref.network(), Reach.failed("no data yet", null)));
        }
        model = new MeshModel(all);
        MeshModel m = model;
        for (ModelListener l : listeners) {
            try {
                l.changed(m);
            } catch (RuntimeException e) {
                // one listener's failure must not keep the rebuild from the others
                LOG.log(Level.WARNING, "a model listener failed on a rebuild of " + w.ref.name(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (Watched w : clusters.values()) {
            w.crds.values().forEach(SharedIndexInformer::close);
            w.informers.values().forEach(SharedIndexInformer::close);
        }
        worker.shutdownNow();
    }
}
