package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.store.FieldLabels;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The non-streaming part of the API: discovery, OpenAPI, and the REST verbs on resources and their
 * subresources. Runs on a worker thread; every call is a short in-memory store operation.
 */
final class RestHandler {

    private static final int PATCH_RETRIES = 5;

    private final ObjectStore store;
    private final Discovery discovery;
    private final Authenticator auth;
    private final OpenApi openApi;
    private final Reviews reviews;
    private volatile PodLogSource logs = PodLogSource.NONE;
    private volatile Supplier<Instant> clock = Instant::now;

    RestHandler(ObjectStore store, Discovery discovery, Authenticator auth, OpenApi openApi, Rbac rbac) {
        this.store = store;
        this.discovery = discovery;
        this.auth = auth;
        this.openApi = openApi;
        this.reviews = new Reviews(rbac, auth);
    }

    void logs(PodLogSource logs) {
        this.logs = logs;
    }

    void clock(Supplier<Instant> clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.get();
    }

    String nowRfc3339() {
        return clock.get().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    ApiResponse handle(ApiRequest req) {
        Target target = null;
        try {
            String path = req.path().length() > 1 && req.path().endsWith("/")
                    ? req.path().substring(0, req.path().length() - 1) : req.path();
            List<String> seg = segments(path);
            if (seg.isEmpty()) {
                return root();
            }
            switch (seg.get(0)) {
                case "version":
                    return seg.size() == 1 ? ApiResponse.json(200, Discovery.version()) : notFound();
                case "openapi":
                    return openApi.serve(seg.subList(1, seg.size()), req);
                case "api":
                case "apis":
                    break;
                default:
                    return notFound();
            }
            boolean core = seg.get(0).equals("api");
            if (seg.size() == 1) {
                if (!req.method().equals("GET")) {
                    throw ApiStatus.methodNotAllowed();
                }
                String aggregated = aggregatedVersion(req.accept());
                if (aggregated != null) {
                    return ApiResponse.json(200, "application/json;g=apidiscovery.k8s.io;v=" + aggregated + ";as=APIGroupDiscoveryList",
                            discovery.aggregated(core, aggregated));
                }
                return ApiResponse.json(200, core ? discovery.apiVersions() : discovery.groupList());
            }
            String group;
            String version;
            List<String> rest;
            if (core) {
                group = "";
                version = seg.get(1);
                rest = seg.subList(2, seg.size());
                if (!version.equals("v1")) {
                    return notFound();
                }
            } else {
                group = seg.get(1);
                if (seg.size() == 2) {
                    ObjectNode g = discovery.group(group);
                    return g == null ? notFound() : ApiResponse.json(200, g);
                }
                version = seg.get(2);
                rest = seg.subList(3, seg.size());
            }
            if (rest.isEmpty()) {
                ObjectNode list = discovery.resourceList(group, version);
                return list == null ? notFound() : ApiResponse.json(200, list);
            }
            target = Target.resolve(store.registry(), group, version, rest);
            if (target == null) {
                return notFound();
            }
            return resource(req, target);
        } catch (StoreException e) {
            return error(e, target);
        } catch (tools.jackson.core.JacksonException e) {
            return ApiResponse.json(400, ApiStatus.failure(400, "BadRequest", "error decoding request body: " + e.getOriginalMessage()));
        } catch (RuntimeException e) {
            ApiResponse mapped = Patching.mapException(e, target == null ? "" : target.type().groupResource(),
                    target == null ? "" : target.name());
            if (mapped != null) {
                return mapped;
            }
            return ApiResponse.json(500, ApiStatus.failure(500, "InternalError", "Internal error occurred: " + e));
        }
    }

    static ApiResponse error(StoreException e, Target t) {
        ResourceType type = t == null ? null : t.type();
        return ApiResponse.json(e.code(), ApiStatus.failure(e, t == null ? null : t.name(),
                type == null ? null : type.group(), type == null ? null : type.plural()));
    }

    static List<String> segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** {@code v2} or {@code v2beta1} when the Accept header prefers aggregated discovery, else null. */
    static String aggregatedVersion(String accept) {
        if (accept == null) {
            return null;
        }
        for (String part : accept.split(",")) {
            if (part.contains("as=APIGroupDiscoveryList") && part.contains("g=apidiscovery.k8s.io")) {
                if (part.contains("v=v2beta1")) {
                    return "v2beta1";
                }
                if (part.contains("v=v2")) {
                    return "v2";
                }
            } else if (part.trim().startsWith("application/json") || part.trim().startsWith("*/*")) {
                return null;
            }
        }
        return null;
    }

    private ApiResponse root() {
        ObjectNode n = Json.object();
        ArrayNode paths = n.putArray("paths");
        List<String> all = new ArrayList<>(List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3", "/readyz", "/version"));
        discovery.groups().forEach((g, vs) -> {
            all.add("/apis/" + g);
            vs.forEach(v -> all.add("/apis/" + g + "/" + v));
        });
        all.stream().sorted().forEach(paths::add);
        return ApiResponse.json(200, n);
    }

    static ApiResponse notFound() {
        return ApiResponse.json(404, ApiStatus.notFoundPath());
    }

    // ------------------------------------------------------------------ resources

    private ApiResponse resource(ApiRequest req, Target t) {
        if (t.sub() != null) {
            return subresource(req, t);
        }
        String ns = t.namespace();
        ResourceType type = t.type();
        if (req.method().equals("GET") && type.groupResource().equals(EventsV1.RESOURCE)) {
            return eventsV1(req, t);
        }
        switch (req.method()) {
            case "GET":
                if (t.collection()) {
                    FieldLabels.check(type, req.param("fieldSelector"));
                    ObjectStore.ListResult r = store.listReadOnly(type, ns == null ? "" : ns,
                            LabelSelector.parse(req.param("labelSelector")), FieldSelector.parse(req.param("fieldSelector")));
                    ListChunk chunk = ListChunk.of(r.items(), r.resourceVersion(), req.param("limit"), req.param("continue"));
                    ObjectNode out = Tables.wanted(req.accept())
                            ? Tables.table(type, chunk.items(), Long.toString(r.resourceVersion()), req.param("includeObject"), now(), printerColumns(type))
                            : list(type, chunk.items(), r.resourceVersion());
                    chunk.annotate((ObjectNode) out.get("metadata"));
                    return ApiResponse.json(200, out);
                }
                ObjectNode o = store.get(type, ns, t.name());
                if (Tables.wanted(req.accept())) {
                    return ApiResponse.json(200, Tables.table(type, List.of(o), null, req.param("includeObject"), now(), printerColumns(type)));
                }
                return ApiResponse.json(200, o);
            case "POST":
                if (!t.collection()) {
                    throw ApiStatus.methodNotAllowed();
                }
                return create(req, t);
            case "PUT":
                if (t.collection()) {
                    throw ApiStatus.methodNotAllowed();
                }
                return update(req, t);
            case "PATCH":
                if (t.collection()) {
                    throw ApiStatus.methodNotAllowed();
                }
                return patch(req, t, false);
            case "DELETE":
                return t.collection() ? deleteCollection(req, t) : delete(req, t);
            default:
                throw ApiStatus.methodNotAllowed();
        }
    }

    /** {@code events.k8s.io/v1} reads: the core/v1 events in their v1 form (one stored Event, two views). */
    private ApiResponse eventsV1(ApiRequest req, Target t) {
        ResourceType core = store.registry().require("v1", "Event");
        if (!t.collection()) {
            return ApiResponse.json(200, EventsV1.of(store.get(core, t.namespace(), t.name())));
        }
        FieldLabels.check(t.type(), req.param("fieldSelector"));
        ObjectStore.ListResult r = store.listReadOnly(core, t.namespace() == null ? "" : t.namespace(),
                LabelSelector.parse(req.param("labelSelector")), FieldSelector.parse(EventsV1.coreFieldSelector(req.param("fieldSelector"))));
        List<ObjectNode> items = r.items().stream().map(EventsV1::of).toList();
        ListChunk chunk = ListChunk.of(items, r.resourceVersion(), req.param("limit"), req.param("continue"));
        ObjectNode out = Tables.wanted(req.accept())
                ? Tables.table(t.type(), chunk.items(), Long.toString(r.resourceVersion()), req.param("includeObject"), now(), null)
                : list(t.type(), chunk.items(), r.resourceVersion());
        chunk.annotate((ObjectNode) out.get("metadata"));
        return ApiResponse.json(200, out);
    }

    /** A custom resource version's {@code additionalPrinterColumns} (null for built-in kinds). */
    List<ObjectNode> printerColumns(ResourceType type) {
        if (!Patching.isCustom(type)) {
            return null;
        }
        ResourceType crds = store.registry().byPath("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElse(null);
        ObjectNode crd = crds == null ? null : store.find(crds, "", type.groupResource());
        if (crd == null) {
            return null;
        }
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asString().equals(type.version())) {
                List<ObjectNode> cols = new ArrayList<>();
                v.path("additionalPrinterColumns").forEach(c -> cols.add((ObjectNode) c));
                return cols;
            }
        }
        return null;
    }

    static ObjectNode list(ResourceType type, List<ObjectNode> items, long rv) {
        ObjectNode l = Json.object();
        l.put("kind", type.kind() + "List");
        l.put("apiVersion", type.apiVersion());
        l.putObject("metadata").put("resourceVersion", Long.toString(rv));
        ArrayNode arr = l.putArray("items");
        items.forEach(arr::add);
        return l;
    }

    private ObjectNode body(ApiRequest req) {
        if (req.body() == null || req.body().length == 0) {
            throw StoreException.badRequest("the body of the request is empty");
        }
        JsonNode n = Json.parse(req.body(), req.contentType());
        if (!(n instanceof ObjectNode o)) {
            throw StoreException.badRequest("the body of the request must be a JSON object");
        }
        return o;
    }

    private static boolean dryRun(ApiRequest req) {
        return !req.param("dryRun").isEmpty();
    }

    private String fieldManager(ApiRequest req, String fallback) {
        String fm = req.param("fieldManager");
        return fm.isEmpty() ? fallback : fm;
    }

    private static void checkNamespace(ObjectNode obj, Target t) {
        String bodyNs = obj.path("metadata").path("namespace").asString("");
        if (t.namespace() != null && !bodyNs.isEmpty() && !bodyNs.equals(t.namespace()) && t.type().namespaced()) {
            throw StoreException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private ApiResponse create(ApiRequest req, Target t) {
        ObjectNode obj = body(req);
        checkNamespace(obj, t);
        checkKind(obj, t.type());
        if (ResourceRegistry.isReview(t.type())) {
            ObjectNode answer = reviews.answer(t.type().kind(), obj, req.user() == null ? UserInfo.of("system:anonymous") : req.user(), t.namespace());
            answer.put("apiVersion", t.type().apiVersion());
            answer.put("kind", t.type().kind());
            return ApiResponse.json(201, answer);
        }
        obj.put("apiVersion", t.type().apiVersion());
        obj.put("kind", t.type().kind());
        ObjectNode withFields = Patching.recordUpdate(null, obj, fieldManager(req, userAgentManager(req)), "Update", nowRfc3339());
        if (dryRun(req)) {
            ObjectNode echo = withFields.deepCopy();
            echo.put("apiVersion", t.type().apiVersion());
            echo.put("kind", t.type().kind());
            if (t.namespace() != null && t.type().namespaced()) {
                ((ObjectNode) echo.path("metadata")).put("namespace", t.namespace());
            }
            return ApiResponse.json(201, echo);
        }
        return ApiResponse.json(201, store.create(t.type(), t.namespace() == null ? "" : t.namespace(), withFields));
    }

    private static void checkKind(ObjectNode obj, ResourceType type) {
        String kind = obj.path("kind").asString("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw StoreException.badRequest("the API version in the data (" + obj.path("apiVersion").asString("")
                    + ") does not match the expected API version (" + type.apiVersion() + ")");
        }
    }

    private static String userAgentManager(ApiRequest req) {
        return "kubectl";
    }

    private ApiResponse update(ApiRequest req, Target t) {
        ObjectNode obj = body(req);
        checkNamespace(obj, t);
        ObjectNode live = store.get(t.type(), t.namespace(), t.name());
        obj.put("apiVersion", t.type().apiVersion());
        obj.put("kind", t.type().kind());
        ObjectNode recorded = Patching.recordUpdate(live, obj, fieldManager(req, "kubectl"), "Update", nowRfc3339());
        if (dryRun(req)) {
            return ApiResponse.json(200, recorded);
        }
        return ApiResponse.json(200, store.update(t.type(), t.namespace(), t.name(), recorded));
    }

    /** PATCH of the main resource, or (when {@code status}) of the status subresource. */
    private ApiResponse patch(ApiRequest req, Target t, boolean status) {
        String mt = Patching.mediaType(req.contentType());
        if (mt.equals(Patching.APPLY)) {
            return apply(req, t, status);
        }
        if (!mt.equals(Patching.JSON_PATCH) && !mt.equals(Patching.MERGE_PATCH) && !mt.equals(Patching.STRATEGIC)) {
            throw ApiStatus.unsupportedMediaType(req.contentType());
        }
        if (mt.equals(Patching.STRATEGIC) && Patching.isCustom(t.type())) {
            throw new StoreException(415, "UnsupportedMediaType",
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, "
                            + "application/merge-patch+json, application/apply-patch+yaml");
        }
        JsonNode patch = Json.parse(req.body() == null ? new byte[0] : req.body(), "application/json");
        for (int attempt = 0; ; attempt++) {
            ObjectNode live = store.get(t.type(), t.namespace(), t.name());
            ObjectNode patched = Patching.patch(mt, live, patch, t.type());
            String liveRv = live.path("metadata").path("resourceVersion").asString("");
            String patchedRv = patched.path("metadata").path("resourceVersion").asString("");
            boolean pinned = !patchedRv.equals(liveRv) || mentionsResourceVersion(patch);
            if (!pinned) {
                ((ObjectNode) patched.get("metadata")).put("resourceVersion", liveRv);
            }
            ObjectNode recorded = Patching.recordUpdate(live, patched, fieldManager(req, "kubectl-patch"), "Update", nowRfc3339());
            if (dryRun(req)) {
                return ApiResponse.json(200, recorded);
            }
            try {
                ObjectNode out = status
                        ? store.updateStatus(t.type(), t.namespace(), t.name(), recorded)
                        : store.update(t.type(), t.namespace(), t.name(), recorded);
                return ApiResponse.json(200, out);
            } catch (StoreException e) {
                if (!e.reason().equals("Conflict") || pinned || attempt >= PATCH_RETRIES) {
                    throw e;
                }
            }
        }
    }

    private static boolean mentionsResourceVersion(JsonNode patch) {
        if (patch.isObject()) {
            return patch.path("metadata").has("resourceVersion");
        }
        for (JsonNode op : patch) {
            if (op.path("path").asString("").equals("/metadata/resourceVersion") && !op.path("op").asString("").equals("test")) {
                return true;
            }
        }
        return false;
    }

    private ApiResponse apply(ApiRequest req, Target t, boolean status) {
        String manager = req.param("fieldManager");
        if (manager.isEmpty()) {
            throw StoreException.badRequest("PATCH " + req.path() + ": fieldManager is required for apply requests");
        }
        ObjectNode applied = body(req);
        checkNamespace(applied, t);
        boolean force = req.flag("force");
        for (int attempt = 0; ; attempt++) {
            ObjectNode live = store.find(t.type(), t.namespace(), t.name());
            if (live == null && status) {
                throw StoreException.notFound(t.type().groupResource(), t.name());
            }
            ObjectNode toApply = applied.deepCopy();
            ObjectNode meta = toApply.has("metadata") && toApply.get("metadata").isObject()
                    ? (ObjectNode) toApply.get("metadata") : toApply.putObject("metadata");
            String givenName = meta.path("name").asString("");
            if (!givenName.isEmpty() && !givenName.equals(t.name())) {
                throw StoreException.badRequest("the name of the object (" + givenName + ") does not match the name on the URL (" + t.name() + ")");
            }
            meta.put("name", t.name());
            if (t.namespace() != null && t.type().namespaced()) {
                meta.put("namespace", t.namespace());
            }
            Patching.Applied result = Patching.serverSideApply(live, toApply, manager, force, nowRfc3339());
            ObjectNode merged = result.object();
            if (dryRun(req)) {
                return ApiResponse.json(result.created() ? 201 : 200, merged);
            }
            try {
                if (live == null) {
                    return ApiResponse.json(201, store.create(t.type(), t.namespace() == null ? "" : t.namespace(), merged));
                }
                ((ObjectNode) merged.get("metadata")).put("resourceVersion", live.path("metadata").path("resourceVersion").asString());
                ObjectNode out = status
                        ? store.updateStatus(t.type(), t.namespace(), t.name(), merged)
                        : store.update(t.type(), t.namespace(), t.name(), merged);
                return ApiResponse.json(200, out);
            } catch (StoreException e) {
                boolean retry = (e.reason().equals("Conflict") || e.reason().equals("AlreadyExists")) && attempt < PATCH_RETRIES;
                if (!retry) {
                    throw e;
                }
            }
        }
    }

    private ApiResponse delete(ApiRequest req, Target t) {
        String propagation = req.param("propagationPolicy");
        String uid = req.param("preconditions.uid");
        boolean dry = dryRun(req);
        Long grace = gracePeriod(req.param("gracePeriodSeconds"));
        if (req.body() != null && req.body().length > 0) {
            JsonNode opts = Json.parse(req.body(), req.contentType());
            if (grace == null && opts.path("gracePeriodSeconds").isIntegralNumber() && opts.path("gracePeriodSeconds").asLong() >= 0) {
                grace = opts.path("gracePeriodSeconds").asLong();
            }
            if (propagation.isEmpty()) {
                propagation = opts.path("propagationPolicy").asString("");
                if (propagation.isEmpty() && opts.has("orphanDependents")) {
                    propagation = opts.path("orphanDependents").asBoolean() ? "Orphan" : "Background";
                }
            }
            if (uid.isEmpty()) {
                uid = opts.path("preconditions").path("uid").asString("");
            }
            dry = dry || opts.path("dryRun").isArray() && !opts.path("dryRun").isEmpty();
        }
        if (dry) {
            return ApiResponse.json(200, store.get(t.type(), t.namespace(), t.name()));
        }
        return ApiResponse.json(200, store.delete(t.type(), t.namespace(), t.name(),
                propagation.isEmpty() ? "Background" : propagation, uid, grace));
    }

    /** {@code gracePeriodSeconds} of a delete: absent, or a whole number of seconds (negative: the object's own). */
    private static Long gracePeriod(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseLong(value);
            return v < 0 ? null : v;
        } catch (NumberFormatException e) {
            throw StoreException.badRequest("gracePeriodSeconds: Invalid value: \"" + value + "\": must be a whole number of seconds");
        }
    }

    private ApiResponse deleteCollection(ApiRequest req, Target t) {
        String propagation = req.param("propagationPolicy");
        if (propagation.isEmpty() && req.body() != null && req.body().length > 0) {
            propagation = Json.parse(req.body(), req.contentType()).path("propagationPolicy").asString("");
        }
        FieldLabels.check(t.type(), req.param("fieldSelector"));
        ObjectStore.ListResult r = store.list(t.type(), t.namespace() == null ? "" : t.namespace(),
                LabelSelector.parse(req.param("labelSelector")), FieldSelector.parse(req.param("fieldSelector")));
        List<ObjectNode> deleted = new ArrayList<>();
        if (!dryRun(req)) {
            for (ObjectNode o : r.items()) {
                try {
                    deleted.add(store.delete(t.type(), o.path("metadata").path("namespace").asString(""),
                            o.path("metadata").path("name").asString(), propagation.isEmpty() ? "Background" : propagation, null));
                } catch (StoreException e) {
                    if (e.code() != 404) {
                        throw e;
                    }
                }
            }
        } else {
            deleted.addAll(r.items());
        }
        return ApiResponse.json(200, list(t.type(), deleted, store.resourceVersion()));
    }

    // ------------------------------------------------------------------ subresources

    private ApiResponse subresource(ApiRequest req, Target t) {
        switch (t.sub()) {
            case "status":
                return status(req, t);
            case "scale":
                return scale(req, t);
            case "log":
                if (!req.method().equals("GET")) {
                    throw ApiStatus.methodNotAllowed();
                }
                return ApiResponse.text(200, String.join("", logLines(req, t)));
            case "token":
                if (!req.method().equals("POST")) {
                    throw ApiStatus.methodNotAllowed();
                }
                return token(req, t);
            case "eviction":
                if (!req.method().equals("POST")) {
                    throw ApiStatus.methodNotAllowed();
                }
                store.delete(t.type(), t.namespace(), t.name(), "Background", null);
                ObjectNode ok = ApiStatus.success();
                ok.put("code", 201);
                return ApiResponse.json(201, ok);
            case "finalize":
                if (!req.method().equals("PUT")) {
                    throw ApiStatus.methodNotAllowed();
                }
                return update(req, new Target(t.type(), t.namespace(), t.name(), null));
            default:
                return ApiResponse.json(405, ApiStatus.failure(405, "MethodNotAllowed",
                        "the server does not allow this method on the requested resource (" + t.sub() + " is not supported by the simulated cluster)"));
        }
    }

    private ApiResponse status(ApiRequest req, Target t) {
        switch (req.method()) {
            case "GET":
                return ApiResponse.json(200, store.get(t.type(), t.namespace(), t.name()));
            case "PUT": {
                ObjectNode obj = body(req);
                if (dryRun(req)) {
                    return ApiResponse.json(200, obj);
                }
                return ApiResponse.json(200, store.updateStatus(t.type(), t.namespace(), t.name(), obj));
            }
            case "PATCH":
                return patch(req, t, true);
            default:
                throw ApiStatus.methodNotAllowed();
        }
    }

    /** The {@code autoscaling/v1} Scale view of a scalable object. */
    static ObjectNode scaleOf(ObjectNode o) {
        ObjectNode s = Json.object();
        s.put("kind", "Scale");
        s.put("apiVersion", "autoscaling/v1");
        ObjectNode m = s.putObject("metadata");
        JsonNode om = o.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (om.has(f)) {
                m.set(f, om.get(f).deepCopy());
            }
        }
        s.putObject("spec").put("replicas", o.path("spec").path("replicas").asInt(1));
        ObjectNode st = s.putObject("status");
        st.put("replicas", o.path("status").path("replicas").asInt(0));
        String selector = selectorString(o.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            st.put("selector", selector);
        }
        return s;
    }

    static String selectorString(JsonNode sel) {
        List<String> parts = new ArrayList<>();
        JsonNode labels = sel.has("matchLabels") || sel.has("matchExpressions") ? sel.path("matchLabels") : sel;
        labels.properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asString()));
        for (JsonNode ex : sel.path("matchExpressions")) {
            List<String> vals = new ArrayList<>();
            ex.path("values").forEach(v -> vals.add(v.asString()));
            String key = ex.path("key").asString();
            switch (ex.path("operator").asString()) {
                case "In" -> parts.add(key + " in (" + String.join(",", vals) + ")");
                case "NotIn" -> parts.add(key + " notin (" + String.join(",", vals) + ")");
                case "Exists" -> parts.add(key);
                case "DoesNotExist" -> parts.add("!" + key);
                default -> { }
            }
        }
        return String.join(",", parts);
    }

    private ApiResponse scale(ApiRequest req, Target t) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode live = store.get(t.type(), t.namespace(), t.name());
            ObjectNode scale = scaleOf(live);
            ObjectNode wanted;
            boolean pinned;
            switch (req.method()) {
                case "GET":
                    return ApiResponse.json(200, scale);
                case "PUT":
                    wanted = body(req);
                    pinned = wanted.path("metadata").has("resourceVersion");
                    break;
                case "PATCH": {
                    String mt = Patching.mediaType(req.contentType());
                    JsonNode patch = Json.parse(req.body(), "application/json");
                    wanted = Patching.patch(mt, scale, patch, t.type());
                    pinned = mentionsResourceVersion(patch);
                    break;
                }
                default:
                    throw ApiStatus.methodNotAllowed();
            }
            ObjectNode updated = live.deepCopy();
            ObjectNode spec = updated.has("spec") && updated.get("spec").isObject() ? (ObjectNode) updated.get("spec") : updated.putObject("spec");
            spec.put("replicas", wanted.path("spec").path("replicas").asInt(0));
            if (pinned) {
                ((ObjectNode) updated.get("metadata")).put("resourceVersion", wanted.path("metadata").path("resourceVersion").asString(""));
            }
            if (dryRun(req)) {
                return ApiResponse.json(200, scaleOf(updated));
            }
            try {
                return ApiResponse.json(200, scaleOf(store.update(t.type(), t.namespace(), t.name(), updated)));
            } catch (StoreException e) {
                if (!e.reason().equals("Conflict") || pinned || attempt >= PATCH_RETRIES) {
                    throw e;
                }
            }
        }
    }

    /** The log lines (each ending in a newline) {@code pods/log} returns for these parameters. */
    List<String> logLines(ApiRequest req, Target t) {
        ObjectNode pod = store.get(t.type(), t.namespace(), t.name());
        String container = container(pod, req.param("container"));
        boolean timestamps = req.flag("timestamps");
        long since = parseLong(req.param("sinceSeconds"), -1);
        String sinceTime = req.param("sinceTime");
        boolean filterTime = since >= 0 || !sinceTime.isEmpty();
        Instant cutoff = since >= 0 ? now().minusSeconds(since) : sinceTime.isEmpty() ? null : Instant.parse(sinceTime);
        if (req.flag("previous") && !hasPrevious(pod, container)) {
            throw StoreException.badRequest("previous terminated container \"" + container + "\" in pod \"" + t.name() + "\" not found");
        }
        List<String> raw = logs.lines(t.namespace(), t.name(), container, req.flag("previous"), timestamps || filterTime);
        List<String> out = new ArrayList<>();
        for (String line : raw) {
            String l = line;
            if (filterTime) {
                int sp = line.indexOf(' ');
                String ts = sp < 0 ? "" : line.substring(0, sp);
                try {
                    if (!ts.isEmpty() && Instant.parse(ts).isBefore(cutoff)) {
                        continue;
                    }
                } catch (RuntimeException ignored) {
                    // not a timestamp: keep the line
                }
                if (!timestamps && sp >= 0) {
                    l = line.substring(sp + 1);
                }
            }
            out.add(l + "\n");
        }
        long tail = parseLong(req.param("tailLines"), -1);
        if (tail >= 0 && out.size() > tail) {
            out = new ArrayList<>(out.subList((int) (out.size() - tail), out.size()));
        }
        long limitBytes = parseLong(req.param("limitBytes"), -1);
        if (limitBytes >= 0) {
            String all = String.join("", out);
            byte[] b = all.getBytes(StandardCharsets.UTF_8);
            if (b.length > limitBytes) {
                out = List.of(new String(b, 0, (int) limitBytes, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Whether a container has run before (a terminated previous instance whose log {@code --previous} reads). */
    static boolean hasPrevious(ObjectNode pod, String container) {
        for (String list : List.of("containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses")) {
            for (JsonNode s : pod.path("status").path(list)) {
                if (s.path("name").asString().equals(container)) {
                    return s.path("lastState").has("terminated");
                }
            }
        }
        return false;
    }

    /** The container a log request means: the named one, or the only one; else the real server's 400. */
    static String container(ObjectNode pod, String requested) {
        List<String> names = names(pod.path("spec").path("containers"));
        List<String> init = names(pod.path("spec").path("initContainers"));
        List<String> ephemeral = names(pod.path("spec").path("ephemeralContainers"));
        String podName = pod.path("metadata").path("name").asString();
        if (requested.isEmpty()) {
            if (names.size() == 1) {
                return names.get(0);
            }
            StringBuilder msg = new StringBuilder("a container name must be specified for pod " + podName
                    + ", choose one of: [" + String.join(" ", names) + "]");
            if (!init.isEmpty()) {
                msg.append(" or one of the init containers: [").append(String.join(" ", init)).append("]");
            }
            if (!ephemeral.isEmpty()) {
                msg.append(" or one of the ephemeral containers: [").append(String.join(" ", ephemeral)).append("]");
            }
            throw StoreException.badRequest(msg.toString());
        }
        if (names.contains(requested) || init.contains(requested) || ephemeral.contains(requested)) {
            return requested;
        }
        throw StoreException.badRequest("container " + requested + " is not valid for pod " + podName);
    }

    private static List<String> names(JsonNode containers) {
        List<String> out = new ArrayList<>();
        containers.forEach(c -> out.add(c.path("name").asString()));
        return out;
    }

    private static long parseLong(String s, long dflt) {
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw StoreException.badRequest("invalid number: " + s);
        }
    }

    private ApiResponse token(ApiRequest req, Target t) {
        ObjectNode sa = store.get(t.type(), t.namespace(), t.name());
        ObjectNode tr = req.body() == null || req.body().length == 0 ? Json.object() : body(req);
        ObjectNode spec = tr.has("spec") && tr.get("spec").isObject() ? (ObjectNode) tr.get("spec") : tr.putObject("spec");
        long exp = spec.path("expirationSeconds").asLong(3600);
        if (exp < 600) {
            throw StoreException.invalid("TokenRequest", t.name(), "spec.expirationSeconds: Invalid value: " + exp
                    + ": may not specify a duration less than 10 minutes");
        }
        spec.put("expirationSeconds", exp);
        if (!spec.has("audiences")) {
            spec.putArray("audiences").add("https://kubernetes.default.svc.cluster.local");
        }
        Instant now = Instant.now();
        String token = auth.mint(t.namespace(), t.name(), sa.path("metadata").path("uid").asString(), exp, now, spec.get("audiences"));
        ObjectNode out = Json.object();
        out.put("kind", "TokenRequest");
        out.put("apiVersion", "authentication.k8s.io/v1");
        ObjectNode meta = out.putObject("metadata");
        meta.put("name", t.name());
        meta.put("namespace", t.namespace());
        meta.put("creationTimestamp", nowRfc3339());
        out.set("spec", spec);
        ObjectNode st = out.putObject("status");
        st.put("token", token);
        st.put("expirationTimestamp", now.plusSeconds(exp).truncatedTo(ChronoUnit.SECONDS).toString());
        return ApiResponse.json(201, out);
    }

    static String joinQuery(Map<String, String> q) {
        return q.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }
}
