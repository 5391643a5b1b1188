package dev.meshstage.backend.sim.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Coordination;
import io.kubernetes.client.proto.V1Discovery;
import io.kubernetes.client.proto.V1Events;
import io.kubernetes.client.proto.V1Flowcontrol;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Node;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import io.kubernetes.client.proto.V2Autoscaling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated protobuf messages of the built-in kinds (client-java-proto), found by apiVersion and kind the
 * way a Kubernetes API server's scheme finds a Go type: the group names the proto package
 * ({@code apps/v1} → {@code k8s.io.api.apps.v1}, {@code rbac.authorization.k8s.io/v1} → {@code k8s.io.api.rbac.v1}).
 */
public final class ProtobufMessages {

    public static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1";

    private static final List<FileDescriptor> FILES = List.of(
            Meta.getDescriptor(), Runtime.getDescriptor(), IntStr.getDescriptor(), Resource.getDescriptor(),
            V1.getDescriptor(), V1Apps.getDescriptor(), V1Batch.getDescriptor(), V1Autoscaling.getDescriptor(),
            V2Autoscaling.getDescriptor(), V1Rbac.getDescriptor(), V1Networking.getDescriptor(), V1Policy.getDescriptor(),
            V1Coordination.getDescriptor(), V1Discovery.getDescriptor(), V1Events.getDescriptor(), V1Storage.getDescriptor(),
            V1Scheduling.getDescriptor(), V1Admissionregistration.getDescriptor(), V1Apiextensions.getDescriptor(),
            V1Authentication.getDescriptor(), V1Authorization.getDescriptor(), V1Certificates.getDescriptor(),
            V1Node.getDescriptor(), V1Flowcontrol.getDescriptor());

    private static final Map<String, Descriptor> BY_FULL_NAME = index();

    private ProtobufMessages() {
    }

    private static Map<String, Descriptor> index() {
        Map<String, Descriptor> m = new HashMap<>();
        for (FileDescriptor f : FILES) {
            for (Descriptor d : f.getMessageTypes()) {
                m.put(d.getFullName(), d);
            }
        }
        return m;
    }

    /** The proto package of a group version: {@code ""}/v1 → core, {@code apiextensions.k8s.io} → the apiextensions-apiserver's. */
    public static String protoPackage(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (group.isEmpty()) {
            return "k8s.io.api.core." + version;
        }
        if (group.equals("meta.k8s.io")) {
            return META;
        }
        if (group.equals("apiextensions.k8s.io")) {
            return "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions." + version;
        }
        int dot = group.indexOf('.');
        return "k8s.io.api." + (dot < 0 ? group : group.substring(0, dot)) + "." + version;
    }

    /** The message of a kind, or null when the sim knows no protobuf form of it (options kinds fall back to meta/v1). */
    public static Descriptor of(String apiVersion, String kind) {
        Descriptor d = BY_FULL_NAME.get(protoPackage(apiVersion) + "." + kind);
        return d != null ? d : BY_FULL_NAME.get(META + "." + kind);
    }
}
