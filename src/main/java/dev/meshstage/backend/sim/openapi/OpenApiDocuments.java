package dev.meshstage.backend.sim.openapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenAPI documents for the simulated API server, generated from the served {@link ResourceType}s (and, for
 * custom resources, the CRD version's {@code openAPIV3Schema}, keyed {@code "<apiVersion>/<Kind>"}, e.g.
 * {@code "networking.istio.io/v1/Gateway"}).
 *
 * <h2>What kubectl 1.27–1.33 needs (read from the kubectl/cli-runtime/client-go sources, tags v0.27–v0.33)</h2>
 * <ul>
 * <li><b>Validation</b> ({@code kubectl apply/create/replace}, default {@code --validate=strict}):
 *   {@code Factory.Validator} builds a {@code ParamVerifyingSchema} whose verifier first asks OpenAPI
 *   <b>v3</b> ({@code cli-runtime/pkg/resource/query_param_verifier_v3.go}): {@code GET /openapi/v3}
 *   (index {@code {"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=..."}}}}),
 *   then the group-version document at that URL (Accept {@code application/json}). It takes the
 *   <i>first</i> path whose {@code patch} operation carries {@code x-kubernetes-group-version-kind}
 *   {@code {group,version,kind}} equal to the object's GVK and looks for a parameter named
 *   {@code fieldValidation} in that <i>operation's</i> {@code parameters} (path-level parameters are not
 *   looked at). Found → kubectl sends {@code ?fieldValidation=Strict} and does no client-side validation.
 *   Not found → "param unsupported" → client-side validation with the OpenAPI v2 model.
 *   Any other error (v3 index or document missing) → fallback to the v2 verifier, which needs
 *   {@code /openapi/v2} as protobuf; that is why kubectl 1.32 prints {@code failed to download openapi}
 *   against a server without OpenAPI. A GVK that is missing from the v3 index but is a CRD is checked
 *   against the Namespace PATCH operation in {@code api/v1}. Every PATCH operation of a GVK (item,
 *   {@code /status}) must therefore list {@code fieldValidation}; Go map order decides which one is seen.</li>
 * <li><b>kubectl 1.27 and 1.28</b> additionally call {@code f.OpenAPISchema()} eagerly inside
 *   {@code Validator()} (from 1.29 it is lazy): {@code GET /openapi/v2} with
 *   {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}. client-go parses the body
 *   with {@code proto.Unmarshal} – there is <b>no JSON fallback</b>: a JSON body gives
 *   {@code proto: cannot parse invalid wire-format data}; 404/403/406 make it retry
 *   {@code /swagger-2.0.0.pb-v1} and then fail. So the server must answer that request with protobuf
 *   ({@link #v2Protobuf}: a minimal gnostic {@code openapi_v2.Document}; an empty model set parses fine and
 *   is never consulted once v3 reports fieldValidation support). Requests to {@code /openapi/v2} that accept
 *   JSON get {@link #v2}.</li>
 * <li><b>Client-side {@code kubectl apply} of a changed object</b> (1.29+, feature
 *   {@code KUBECTL_OPENAPIV3_PATCH} on by default): if the PATCH operation of the GVK lists
 *   {@code application/strategic-merge-patch+json} in {@code requestBody.content}, kubectl computes the
 *   3-way strategic patch from the v3 <i>schema</i> ({@code x-kubernetes-patch-merge-key/-strategy}).
 *   Our permissive schemas carry no such metadata, so that would turn merge-keyed lists into whole-list
 *   replacements. We therefore deliberately do <b>not</b> list strategic-merge-patch there; kubectl then tries
 *   the v2 model (empty → skipped) and falls back to its compiled-in Go types, which carry the real patch
 *   metadata. Custom resources (not in kubectl's scheme) get a JSON merge patch, as with a real server.
 *   The server still accepts strategic merge patches for built-in kinds.</li>
 * <li><b>{@code kubectl apply --server-side}</b>: same validation probe as above, then
 *   {@code PATCH ...?fieldManager=kubectl&fieldValidation=Strict&force=false} with
 *   {@code application/apply-patch+yaml}; no further OpenAPI use.</li>
 * <li><b>{@code kubectl explain}</b> (1.27+: v3 templates whenever {@code GET /openapi/v3} succeeds, else v2):
 *   looks up the GV document, finds the GVK from the {@code x-kubernetes-group-version-kind} of an operation
 *   on {@code /api[s]/<gv>/<plural>}, {@code .../{name}}, {@code .../namespaces/{namespace}/<plural>} or its
 *   {@code {name}} path, then the schema in {@code components.schemas} whose
 *   {@code x-kubernetes-group-version-kind} <i>list</i> contains that GVK, and walks {@code properties}
 *   (resolving {@code $ref}/{@code allOf}) for {@code kubectl explain pods.spec}. Built-in kinds carry their full type
 *   tree, built from their protobuf messages ({@link ProtobufSchemas}), with kube-apiserver's descriptions; CRDs show their own
 *   schema.</li>
 * </ul>
 */
public final class OpenApiDocuments {

    public static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    public static final String PATCH = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    public static final String STATUS = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    public static final String DELETE_OPTIONS = "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions";
    public static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

    /** PATCH content types advertised (see class comment for why strategic merge is not listed). */
    static final List<String> PATCH_TYPES = List.of("application/json-patch+json", "application/merge-patch+json",
            "application/apply-patch+yaml");

    private OpenApiDocuments() {
    }

    /** {@code "api/v1"} or {@code "apis/<group>/<version>"}: the key used by the v3 index. */
    public static String groupVersionPath(ResourceType t) {
        return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
    }

    /** The {@code /openapi/v3} index with content hashes of the group-version documents. */
    public static ObjectNode v3Index(List<ResourceType> types, Map<String, ObjectNode> crdSchemas) {
        ObjectNode idx = Json.obj();
        ObjectNode paths = idx.putObject("paths");
        for (String gv : groupVersions(types).keySet()) {
            ObjectNode doc = v3GroupVersion(types, crdSchemas, gv);
            paths.putObject(gv).put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hash(doc));
        }
        return idx;
    }

    /**
     * The OpenAPI 3.0 document served at {@code /openapi/v3/<gvPath>}, or null if no type is served there.
     *
     * @param gvPath {@code "api/v1"} or {@code "apis/apps/v1"} (leading slash and query tolerated)
     */
    public static ObjectNode v3GroupVersion(List<ResourceType> types, Map<String, ObjectNode> crdSchemas,
            String gvPath) {
        String key = normalize(gvPath);
        List<ResourceType> gvTypes = groupVersions(types).get(key);
        if (gvTypes == null) {
            return null;
        }
        ObjectNode doc = Json.obj();
        doc.put("openapi", "3.0.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "unversioned");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode schemas = Json.obj();
        schemas.set(OBJECT_META, objectMetaSchema());
        schemas.set(PATCH, Json.parseObject("{\"type\":\"object\",\"description\":\"Patch is provided to give a "
                + "concrete name and type to the Kubernetes PATCH request body.\"}"));
        schemas.set(STATUS, statusSchema());
        schemas.set(DELETE_OPTIONS, Json.parseObject("{\"type\":\"object\",\"description\":\"DeleteOptions may be "
                + "provided when deleting an API object.\",\"x-kubernetes-preserve-unknown-fields\":true}"));
        for (ResourceType t : gvTypes) {
            schemas.set(schemaName(t), kindSchema(t, crdSchemas == null ? null : crdSchemas.get(gvkKey(t)),
                    "#/components/schemas/", schemas));
            if (t.scaleSubresource()) {
                schemas.set(SCALE, scaleSchema("#/components/schemas/"));
            }
            for (Map.Entry<String, ObjectNode> p : v3Paths(t).entrySet()) {
                paths.set(p.getKey(), p.getValue());
            }
        }
        doc.putObject("components").set("schemas", schemas);
        return doc;
    }

    /** Swagger 2.0 JSON for {@code /openapi/v2} requests that accept JSON. */
    public static ObjectNode v2(List<ResourceType> types, Map<String, ObjectNode> crdSchemas) {
        ObjectNode doc = Json.obj();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", "Kubernetes");
        info.put("version", "unversioned");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode defs = Json.obj();
        defs.set(OBJECT_META, objectMetaSchema());
        defs.set(PATCH, Json.parseObject("{\"type\":\"object\"}"));
        defs.set(STATUS, statusSchema());
        for (ResourceType t : types) {
            defs.set(schemaName(t), kindSchema(t, crdSchemas == null ? null : crdSchemas.get(gvkKey(t)),
                    "#/definitions/", defs));
            if (t.scaleSubresource()) {
                defs.set(SCALE, scaleSchema("#/definitions/"));
            }
            for (Map.Entry<String, ObjectNode> p : v2Paths(t).entrySet()) {
                paths.set(p.getKey(), p.getValue());
            }
        }
        doc.set("definitions", defs);
        return doc;
    }

    /**
     * Protobuf answer for {@code GET /openapi/v2} with {@code Accept:
     * application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (kubectl/client-go accept nothing else
     * there): a gnostic {@code openapi_v2.Document} with only {@code swagger = "2.0"} (field 1) and
     * {@code info {title (1), version (2)}} (field 2). Content-Type to send:
     * {@code application/com.github.proto-openapi.spec.v2.v1.0+protobuf}.
     */
    public static byte[] v2Protobuf(String version) {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        protoString(info, 1, "Kubernetes");
        protoString(info, 2, version == null ? "unversioned" : version);
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        protoString(doc, 1, "2.0");
        protoBytes(doc, 2, info.toByteArray());
        return doc.toByteArray();
    }

    /** Upper-case hex SHA-512 of the document's JSON (what kube-apiserver puts in {@code ?hash=}). */
    public static String hash(JsonNode doc) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-512").digest(Json.write(doc).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code io.k8s.api.core.v1.Pod}, {@code io.k8s.api.apps.v1.Deployment}, {@code io.istio.networking.v1.Gateway}. */
    public static String schemaName(ResourceType t) {
        String g = t.group();
        if (g.isEmpty()) {
            return "io.k8s.api.core." + t.version() + "." + t.kind();
        }
        if (g.equals("apiextensions.k8s.io")) {
            return "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions." + t.version() + "." + t.kind();
        }
        if (!g.contains(".") || g.endsWith(".k8s.io")) {
            return "io.k8s.api." + g.substring(0, g.contains(".") ? g.indexOf('.') : g.length()) + "." + t.version()
                    + "." + t.kind();
        }
        String[] parts = g.split("\\.");
        List<String> rev = new ArrayList<>();
        for (int i = parts.length - 1; i >= 0; i--) {
            rev.add(parts[i]);
        }
        return String.join(".", rev) + "." + t.version() + "." + t.kind();
    }

    // ------------------------------------------------------------------ internals

    static String gvkKey(ResourceType t) {
        return t.apiVersion() + "/" + t.kind();
    }

    private static String normalize(String gvPath) {
        String p = gvPath;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        if (p.startsWith("/openapi/v3/")) {
            p = p.substring("/openapi/v3/".length());
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }

    private static Map<String, List<ResourceType>> groupVersions(List<ResourceType> types) {
        Map<String, List<ResourceType>> m = new LinkedHashMap<>();
        for (ResourceType t : types) {
            m.computeIfAbsent(groupVersionPath(t), k -> new ArrayList<>()).add(t);
        }
        return m;
    }

    private static ObjectNode gvk(String group, String version, String kind) {
        ObjectNode o = Json.obj();
        o.put("group", group);
        o.put("kind", kind);
        o.put("version", version);
        return o;
    }

    /** A kind's schema; a built-in kind's nested types are added to {@code schemas} (see {@link ProtobufSchemas}). */
    static ObjectNode kindSchema(ResourceType t, ObjectNode crdSchema, String refPrefix, ObjectNode schemas) {
        ObjectNode s;
        ObjectNode builtIn = crdSchema == null ? ProtobufSchemas.kind(t, refPrefix, schemas) : null;
        if (builtIn != null) {
            s = builtIn;
            if (!s.has("description")) {
                s.put("description", t.kind() + " (" + t.apiVersion() + ").");
            }
            ObjectNode props = (ObjectNode) s.get("properties");
            ObjectNode meta = metaRef(refPrefix);
            if (props.path("metadata").has("description")) {
                meta.put("description", props.path("metadata").path("description").asString());
            }
            props.set("metadata", meta);
        } else if (crdSchema != null) {
            s = crdSchema.deepCopy();
            ObjectNode props = s.get("properties") instanceof ObjectNode p ? p : s.putObject("properties");
            if (!props.has("apiVersion")) {
                props.set("apiVersion", stringProp("APIVersion defines the versioned schema of this representation "
                        + "of an object."));
            }
            if (!props.has("kind")) {
                props.set("kind", stringProp("Kind is a string value representing the REST resource this object "
                        + "represents."));
            }
            props.set("metadata", metaRef(refPrefix));
        } else {
            s = Json.obj();
            s.put("description", t.kind() + " (" + t.apiVersion() + ") as served by the meshstage simulated "
                    + "API server.");
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            props.set("apiVersion", stringProp("APIVersion defines the versioned schema of this representation of "
                    + "an object."));
            props.set("kind", stringProp("Kind is a string value representing the REST resource this object "
                    + "represents."));
            props.set("metadata", metaRef(refPrefix));
            ObjectNode spec = props.putObject("spec");
            spec.put("description", "Specification of the desired behavior of the " + t.kind() + ".");
            spec.put("type", "object");
            spec.put("x-kubernetes-preserve-unknown-fields", true);
            if (t.statusSubresource()) {
                ObjectNode status = props.putObject("status");
                status.put("description", "Most recently observed status of the " + t.kind()
                        + ". Populated by the system. Read-only.");
                status.put("type", "object");
                status.put("x-kubernetes-preserve-unknown-fields", true);
            }
            s.put("x-kubernetes-preserve-unknown-fields", true);
        }
        ArrayNode gvks = s.putArray("x-kubernetes-group-version-kind");
        gvks.add(gvk(t.group(), t.version(), t.kind()));
        return s;
    }

    private static ObjectNode metaRef(String refPrefix) {
        ObjectNode m = Json.obj();
        m.put("description", "Standard object's metadata. More info: "
                + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
        m.putArray("allOf").addObject().put("$ref", refPrefix + OBJECT_META);
        m.putObject("default");
        return m;
    }

    private static ObjectNode stringProp(String description) {
        ObjectNode p = Json.obj();
        p.put("description", description);
        p.put("type", "string");
        return p;
    }

    /** ObjectMeta as kube-apiserver describes it (the sim keeps ownerReferences and managedFields open). */
    static ObjectNode objectMetaSchema() {
        ObjectNode meta = Json.parseObject("""
                {"type":"object",
                 "properties":{
                  "name":{"type":"string"},
                  "generateName":{"type":"string"},
                  "namespace":{"type":"string"},
                  "uid":{"type":"string"},
                  "resourceVersion":{"type":"string"},
                  "generation":{"type":"integer","format":"int64"},
                  "creationTimestamp":{"type":"string","format":"date-time"},
                  "deletionTimestamp":{"type":"string","format":"date-time"},
                  "deletionGracePeriodSeconds":{"type":"integer","format":"int64"},
                  "labels":{"type":"object","additionalProperties":{"type":"string","default":""}},
                  "annotations":{"type":"object","additionalProperties":{"type":"string","default":""}},
                  "finalizers":{"type":"array","items":{"type":"string","default":""},"x-kubernetes-list-type":"set","x-kubernetes-patch-strategy":"merge"},
                  "ownerReferences":{"type":"array","items":{"type":"object","x-kubernetes-preserve-unknown-fields":true},"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["uid"],"x-kubernetes-patch-merge-key":"uid","x-kubernetes-patch-strategy":"merge"},
                  "managedFields":{"type":"array","items":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
                  "selfLink":{"type":"string"}
                 }}""");
        String type = "k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta";
        ApiDescriptions.describe(meta, ApiDescriptions.ofType(type));
        meta.get("properties").properties().forEach(p ->
                ApiDescriptions.describe((ObjectNode) p.getValue(), ApiDescriptions.ofField(type, p.getKey())));
        return meta;
    }

    static ObjectNode statusSchema() {
        return Json.parseObject("""
                {"description":"Status is a return value for calls that don't return other objects.","type":"object",
                 "properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},"code":{"type":"integer","format":"int32"},
                  "message":{"type":"string"},"reason":{"type":"string"},"status":{"type":"string"},
                  "details":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
                  "metadata":{"type":"object","x-kubernetes-preserve-unknown-fields":true}},
                 "x-kubernetes-group-version-kind":[{"group":"","kind":"Status","version":"v1"}]}""");
    }

    static ObjectNode scaleSchema(String refPrefix) {
        ObjectNode s = Json.parseObject("""
                {"description":"Scale represents a scaling request for a resource.","type":"object",
                 "properties":{"apiVersion":{"type":"string"},"kind":{"type":"string"},
                  "spec":{"type":"object","properties":{"replicas":{"type":"integer","format":"int32"}}},
                  "status":{"type":"object","properties":{"replicas":{"type":"integer","format":"int32","default":0},
                   "selector":{"type":"string"}}}},
                 "x-kubernetes-group-version-kind":[{"group":"autoscaling","kind":"Scale","version":"v1"}]}""");
        ((ObjectNode) s.get("properties")).set("metadata", metaRef(refPrefix));
        return s;
    }

    // ------------------------------------------------------------------ paths (v3)

    private static String base(ResourceType t) {
        return "/" + groupVersionPath(t);
    }

    private static String opId(String verb, ResourceType t, boolean namespaced, String suffix) {
        StringBuilder sb = new StringBuilder(verb);
        if (t.group().isEmpty()) {
            sb.append("Core");
        } else {
            String g = t.group().endsWith(".k8s.io") ? t.group().substring(0, t.group().length() - 7) : t.group();
            for (String part : g.split("[.-]")) {
                sb.append(cap(part));
            }
        }
        sb.append(cap(t.version()));
        if (namespaced) {
            sb.append("Namespaced");
        }
        sb.append(t.kind()).append(suffix);
        return sb.toString();
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    static ObjectNode param(String name, String in, String description, boolean required, String type) {
        ObjectNode p = Json.obj();
        p.put("name", name);
        p.put("in", in);
        p.put("description", description);
        if (required) {
            p.put("required", true);
        }
        p.putObject("schema").put("type", type).put("uniqueItems", true);
        return p;
    }

    static final String FIELD_VALIDATION_DOC = "fieldValidation instructs the server on how to handle objects in "
            + "the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn "
            + "- Strict";

    static List<ObjectNode> writeParams(boolean patch) {
        List<ObjectNode> l = new ArrayList<>();
        l.add(param("dryRun", "query", "When present, indicates that modifications should not be persisted. "
                + "Valid values are: - All", false, "string"));
        l.add(param("fieldManager", "query", "fieldManager is a name associated with the actor or entity that is "
                + "making these changes.", false, "string"));
        l.add(param("fieldValidation", "query", FIELD_VALIDATION_DOC, false, "string"));
        if (patch) {
            l.add(param("force", "query", "Force is going to \"force\" Apply requests. It means user will "
                    + "re-acquire conflicting fields owned by other people.", false, "boolean"));
        }
        return l;
    }

    static List<ObjectNode> listParams() {
        List<ObjectNode> l = new ArrayList<>();
        l.add(param("allowWatchBookmarks", "query", "allowWatchBookmarks requests watch events with type "
                + "\"BOOKMARK\".", false, "boolean"));
        l.add(param("continue", "query", "The continue option should be set when retrieving more results from "
                + "the server.", false, "string"));
        l.add(param("fieldSelector", "query", "A selector to restrict the list of returned objects by their "
                + "fields.", false, "string"));
        l.add(param("labelSelector", "query", "A selector to restrict the list of returned objects by their "
                + "labels.", false, "string"));
        l.add(param("limit", "query", "limit is a maximum number of responses to return for a list call.", false,
                "integer"));
        l.add(param("resourceVersion", "query", "resourceVersion sets a constraint on what resource versions a "
                + "request may be served from.", false, "string"));
        l.add(param("resourceVersionMatch", "query", "resourceVersionMatch determines how resourceVersion is "
                + "applied to list calls.", false, "string"));
        l.add(param("sendInitialEvents", "query", "`sendInitialEvents=true` may be set together with "
                + "`watch=true`.", false, "boolean"));
        l.add(param("timeoutSeconds", "query", "Timeout for the list/watch call.", false, "integer"));
        l.add(param("watch", "query", "Watch for changes to the described resources and return them as a stream "
                + "of add, update, and remove notifications.", false, "boolean"));
        return l;
    }

    private static ObjectNode op(String id, String description, String action, ObjectNode gvk, List<ObjectNode> params,
            String schemaRef, boolean body, List<String> bodyTypes, String... codes) {
        ObjectNode o = Json.obj();
        o.putArray("tags").add(id.replaceAll("^(list|create|read|replace|patch|delete|deletecollection)", ""));
        o.put("description", description);
        o.put("operationId", id);
        if (!params.isEmpty()) {
            ArrayNode ps = o.putArray("parameters");
            params.forEach(ps::add);
        }
        if (body) {
            ObjectNode rb = o.putObject("requestBody");
            ObjectNode content = rb.putObject("content");
            for (String ct : bodyTypes) {
                content.putObject(ct).putObject("schema").put("$ref", schemaRef);
            }
            rb.put("required", true);
        }
        ObjectNode responses = o.putObject("responses");
        for (String code : codes) {
            ObjectNode r = responses.putObject(code);
            r.put("description", code.equals("200") ? "OK" : code.equals("201") ? "Created"
                    : code.equals("202") ? "Accepted" : "Unauthorized");
            if (!code.equals("401")) {
                ObjectNode content = r.putObject("content");
                for (String ct : List.of("application/json", "application/yaml")) {
                    content.putObject(ct).putObject("schema").put("$ref", schemaRef);
                }
            }
        }
        o.put("x-kubernetes-action", action);
        o.set("x-kubernetes-group-version-kind", gvk);
        return o;
    }

    static Map<String, ObjectNode> v3Paths(ResourceType t) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        String ref = "#/components/schemas/" + schemaName(t);
        ObjectNode gvk = gvk(t.group(), t.version(), t.kind());
        ObjectNode pretty = param("pretty", "query", "If 'true', then the output is pretty printed.", false, "string");
        ObjectNode nameP = param("name", "path", "name of the " + t.kind(), true, "string");
        ObjectNode nsP = param("namespace", "path", "object name and auth scope, such as for teams and projects",
                true, "string");
        String coll = t.namespaced() ? base(t) + "/namespaces/{namespace}/" + t.plural() : base(t) + "/" + t.plural();
        boolean ns = t.namespaced();
        List<String> json = List.of("*/*");

        ObjectNode collection = Json.obj();
        List<ObjectNode> listP = listParams();
        collection.set("get", op(opId("list", t, ns, ""), "list or watch objects of kind " + t.kind(), "list", gvk,
                listP, ref, false, List.of(), "200", "401"));
        collection.set("post", op(opId("create", t, ns, ""), "create a " + t.kind(), "post", gvk, writeParams(false),
                ref, true, json, "200", "201", "202", "401"));
        List<ObjectNode> dcP = new ArrayList<>(listParams());
        dcP.add(param("dryRun", "query", "When present, indicates that modifications should not be persisted.",
                false, "string"));
        dcP.add(param("gracePeriodSeconds", "query", "The duration in seconds before the object should be "
                + "deleted.", false, "integer"));
        dcP.add(param("propagationPolicy", "query", "Whether and how garbage collection will be performed.", false,
                "string"));
        collection.set("delete", op(opId("deletecollection", t, ns, ""), "delete collection of " + t.kind(),
                "deletecollection", gvk, dcP, "#/components/schemas/" + STATUS, false, List.of(), "200", "401"));
        pathParams(collection, ns ? List.of(nsP, pretty) : List.of(pretty));
        out.put(coll, collection);

        ObjectNode item = Json.obj();
        item.set("get", op(opId("read", t, ns, ""), "read the specified " + t.kind(), "get", gvk, List.of(), ref,
                false, List.of(), "200", "401"));
        item.set("put", op(opId("replace", t, ns, ""), "replace the specified " + t.kind(), "put", gvk,
                writeParams(false), ref, true, json, "200", "201", "401"));
        item.set("patch", op(opId("patch", t, ns, ""), "partially update the specified " + t.kind(), "patch", gvk,
                writeParams(true), "#/components/schemas/" + PATCH, true, PATCH_TYPES, "200", "201", "401"));
        ((ObjectNode) item.at("/patch/responses/200/content/application~1json/schema")).put("$ref", ref);
        ((ObjectNode) item.at("/patch/responses/200/content/application~1yaml/schema")).put("$ref", ref);
        ((ObjectNode) item.at("/patch/responses/201/content/application~1json/schema")).put("$ref", ref);
        ((ObjectNode) item.at("/patch/responses/201/content/application~1yaml/schema")).put("$ref", ref);
        List<ObjectNode> delP = List.of(
                param("dryRun", "query", "When present, indicates that modifications should not be persisted.",
                        false, "string"),
                param("gracePeriodSeconds", "query", "The duration in seconds before the object should be deleted.",
                        false, "integer"),
                param("propagationPolicy", "query", "Whether and how garbage collection will be performed.", false,
                        "string"));
        item.set("delete", op(opId("delete", t, ns, ""), "delete a " + t.kind(), "delete", gvk, delP,
                "#/components/schemas/" + STATUS, false, List.of(), "200", "202", "401"));
        pathParams(item, ns ? List.of(nameP, nsP, pretty) : List.of(nameP, pretty));
        out.put(coll + "/{name}", item);

        if (t.statusSubresource()) {
            ObjectNode st = Json.obj();
            st.set("get", op(opId("read", t, ns, "Status"), "read status of the specified " + t.kind(), "get", gvk,
                    List.of(), ref, false, List.of(), "200", "401"));
            st.set("put", op(opId("replace", t, ns, "Status"), "replace status of the specified " + t.kind(), "put",
                    gvk, writeParams(false), ref, true, json, "200", "201", "401"));
            st.set("patch", op(opId("patch", t, ns, "Status"), "partially update status of the specified "
                    + t.kind(), "patch", gvk, writeParams(true), "#/components/schemas/" + PATCH, true, PATCH_TYPES,
                    "200", "201", "401"));
            pathParams(st, ns ? List.of(nameP, nsP, pretty) : List.of(nameP, pretty));
            out.put(coll + "/{name}/status", st);
        }
        if (t.scaleSubresource()) {
            String sref = "#/components/schemas/" + SCALE;
            ObjectNode sgvk = gvk("autoscaling", "v1", "Scale");
            ObjectNode sc = Json.obj();
            sc.set("get", op(opId("read", t, ns, "Scale"), "read scale of the specified " + t.kind(), "get", sgvk,
                    List.of(), sref, false, List.of(), "200", "401"));
            sc.set("put", op(opId("replace", t, ns, "Scale"), "replace scale of the specified " + t.kind(), "put",
                    sgvk, writeParams(false), sref, true, json, "200", "201", "401"));
            sc.set("patch", op(opId("patch", t, ns, "Scale"), "partially update scale of the specified " + t.kind(),
                    "patch", sgvk, writeParams(true), "#/components/schemas/" + PATCH, true, PATCH_TYPES, "200",
                    "201", "401"));
            pathParams(sc, ns ? List.of(nameP, nsP, pretty) : List.of(nameP, pretty));
            out.put(coll + "/{name}/scale", sc);
        }
        if (ns) {
            ObjectNode all = Json.obj();
            all.set("get", op(opId("list", t, false, "ForAllNamespaces"), "list or watch objects of kind " + t.kind(),
                    "list", gvk, List.of(), ref, false, List.of(), "200", "401"));
            pathParams(all, listParams());
            out.put(base(t) + "/" + t.plural(), all);
        }
        return out;
    }

    private static void pathParams(ObjectNode pathItem, List<ObjectNode> params) {
        ArrayNode a = pathItem.putArray("parameters");
        params.forEach(p -> a.add(p.deepCopy()));
    }

    // ------------------------------------------------------------------ paths (v2)

    static Map<String, ObjectNode> v2Paths(ResourceType t) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, ObjectNode> e : v3Paths(t).entrySet()) {
            ObjectNode item = Json.obj();
            for (Map.Entry<String, JsonNode> op : e.getValue().properties()) {
                if (op.getKey().equals("parameters")) {
                    ArrayNode ps = item.putArray("parameters");
                    op.getValue().values().forEach(p -> ps.add(v2Param(p)));
                    continue;
                }
                ObjectNode v3 = (ObjectNode) op.getValue();
                ObjectNode v2 = item.putObject(op.getKey());
                v2.set("description", v3.get("description"));
                v2.set("operationId", v3.get("operationId"));
                if (v3.has("requestBody")) {
                    ArrayNode consumes = v2.putArray("consumes");
                    v3.at("/requestBody/content").propertyNames().forEach(consumes::add);
                }
                v2.putArray("produces").add("application/json").add("application/yaml");
                ArrayNode ps = v2.putArray("parameters");
                if (v3.has("requestBody")) {
                    ObjectNode body = ps.addObject();
                    body.put("name", "body");
                    body.put("in", "body");
                    body.put("required", true);
                    String ref = v3.at("/requestBody/content").values().iterator().next().at("/schema/$ref").asString();
                    body.putObject("schema").put("$ref", ref.replace("#/components/schemas/", "#/definitions/"));
                }
                if (v3.has("parameters")) {
                    v3.get("parameters").values().forEach(p -> ps.add(v2Param(p)));
                }
                ObjectNode responses = v2.putObject("responses");
                for (Map.Entry<String, JsonNode> r : v3.get("responses").properties()) {
                    ObjectNode resp = responses.putObject(r.getKey());
                    resp.set("description", r.getValue().get("description"));
                    JsonNode sref = r.getValue().at("/content/application~1json/schema/$ref");
                    if (!sref.isMissingNode()) {
                        resp.putObject("schema").put("$ref",
                                sref.asString().replace("#/components/schemas/", "#/definitions/"));
                    }
                }
                v2.putArray("schemes").add("https");
                v2.set("x-kubernetes-action", v3.get("x-kubernetes-action"));
                v2.set("x-kubernetes-group-version-kind", v3.get("x-kubernetes-group-version-kind"));
            }
            out.put(e.getKey(), item);
        }
        return out;
    }

    private static ObjectNode v2Param(JsonNode v3) {
        ObjectNode p = Json.obj();
        p.set("name", v3.get("name"));
        p.set("in", v3.get("in"));
        p.set("description", v3.get("description"));
        if (v3.has("required")) {
            p.set("required", v3.get("required"));
        }
        p.set("type", v3.at("/schema/type"));
        p.put("uniqueItems", true);
        return p;
    }

    // ------------------------------------------------------------------ protobuf helpers

    private static void protoString(ByteArrayOutputStream out, int field, String s) {
        protoBytes(out, field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void protoBytes(ByteArrayOutputStream out, int field, byte[] b) {
        varint(out, ((long) field << 3) | 2);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        long x = v;
        while ((x & ~0x7FL) != 0) {
            out.write((int) ((x & 0x7F) | 0x80));
            x >>>= 7;
        }
        out.write((int) x);
    }
}
