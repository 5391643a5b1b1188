package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.defaults.ApiDefaults;
import dev.meshstage.backend.sim.defaults.ServiceAccountVolume;
import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.validation.ApiValidation;
import dev.meshstage.pki.ClusterCertificates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the API server itself does to objects on write, registered once per store: the defaults of the kind
 * ({@link ApiDefaults}) and its validation ({@link ApiValidation}: a 422 on a broken rule), a new pod's service account token volume, a Secret's
 * {@code stringData} becomes base64 {@code data} (the Secret strategy), and a
 * {@code kubernetes.io/service-account-token} Secret gets its {@code token}, {@code ca.crt} and
 * {@code namespace} (the token controller, done synchronously).
 */
final class ServerAdmission implements Admission {

    private static final Map<ObjectStore, ServerAdmission> INSTALLED = new WeakHashMap<>();

    private volatile Authenticator auth;
    private volatile ClusterCertificates certificates;

    private ServerAdmission(Authenticator auth, ClusterCertificates certificates) {
        this.auth = auth;
        this.certificates = certificates;
    }

    static void install(ObjectStore store, Authenticator auth, ClusterCertificates certificates) {
        synchronized (INSTALLED) {
            ServerAdmission existing = INSTALLED.get(store);
            if (existing != null) {
                existing.auth = auth;
                existing.certificates = certificates;
                return;
            }
            ServerAdmission a = new ServerAdmission(auth, certificates);
            INSTALLED.put(store, a);
            store.addAdmission(a);
        }
    }

    @Override
    public void admit(Operation operation, ResourceType type, ObjectNode oldObject, ObjectNode object, StoreView view) {
        ApiDefaults.apply(type.groupResource(), object);
        if (oldObject == null || !oldObject.path("spec").equals(object.path("spec"))) {
            // a status write of an object stored before a rule existed is not refused for its spec
            ApiValidation.validate(type, object);
        }
        if (operation == Operation.CREATE && type.groupResource().equals("pods")
                && !object.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
            String sa = object.path("spec").path("serviceAccountName").asString("default");
            ServiceAccountVolume.add(object, view.find("serviceaccounts", object.path("metadata").path("namespace").asString(""), sa));
        }
        if (!type.group().isEmpty() || !type.kind().equals("Secret")) {
            return;
        }
        JsonNode stringData = object.get("stringData");
        if (stringData != null) {
            if (stringData.isObject()) {
                ObjectNode data = object.has("data") && object.get("data").isObject()
                        ? (ObjectNode) object.get("data") : object.putObject("data");
                stringData.properties().forEach(e -> data.put(e.getKey(),
                        Base64.getEncoder().encodeToString(e.getValue().asString("").getBytes(StandardCharsets.UTF_8))));
            }
            object.remove("stringData");
        }
        if (!object.path("type").asString("").equals("kubernetes.io/service-account-token")) {
            return;
        }
        String sa = object.path("metadata").path("annotations").path("kubernetes.io/service-account.name").asString("");
        if (sa.isEmpty() || !object.path("data").path("token").asString("").isEmpty()) {
            return;
        }
        String ns = object.path("metadata").path("namespace").asString("");
        ObjectNode account = view.find("serviceaccounts", ns, sa);
        String uid = account == null ? "" : account.path("metadata").path("uid").asString("");
        if (account != null) {
            ObjectNode meta = (ObjectNode) object.get("metadata");
            ObjectNode ann = meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
            ann.put("kubernetes.io/service-account.uid", uid);
        }
        ObjectNode data = object.has("data") && object.get("data").isObject() ? (ObjectNode) object.get("data") : object.putObject("data");
        String token = auth.mint(ns, sa, uid, 10L * 365 * 24 * 3600, Instant.now(), null);
        data.put("token", b64(token));
        data.put("ca.crt", b64(certificates.caCertificatePem()));
        data.put("namespace", b64(ns));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
