package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;

import java.util.List;

/** control plane: istiod serving, istio-system on the cluster's network, the ingress gateway up. */
final class ControlPlaneChecks {

    private ControlPlaneChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("istiod-ready", Category.CONTROL_PLANE, "istiod is ready", ControlPlaneChecks::istiod),
            new Check("istio-system-network", Category.CONTROL_PLANE, "istio-system carries the cluster's network label",
                    ControlPlaneChecks::network),
            new Check("ingress-gateway", Category.CONTROL_PLANE, "the ingress gateway is running", ControlPlaneChecks::ingress));

    static List<Finding> istiod(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.IstiodFact istiod = c.mesh().istiod();
            if (istiod == null) {
                return Finding.fail(c.name(), "istiod is not installed", "mesh install --cluster " + c.name());
            }
            if (istiod.ready()) {
                return Finding.ok(c.name());
            }
            return istiod.desired() == 0
                    ? Finding.fail(c.name(), "istiod is scaled to 0: no sidecar gets configuration or certificates",
                            "kubectl scale deployment/istiod -n istio-system --replicas=1 " + DoctorInput.ctx(c))
                    : Finding.fail(c.name(), "istiod " + istiod.available() + "/" + istiod.desired() + " available",
                            "kubectl describe deployment/istiod -n istio-system " + DoctorInput.ctx(c));
        });
    }

    static List<Finding> network(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            var ns = c.namespace("istio-system");
            if (ns.isEmpty()) {
                return Finding.skipped(c.name(), "no istio-system yet");
            }
            String label = ns.get().network();
            if (c.network() != null && c.network().equals(label)) {
                return Finding.ok(c.name());
            }
            String fix = "kubectl label namespace istio-system " + NamespaceFact.NETWORK + "=" + c.network() + " --overwrite "
                    + DoctorInput.ctx(c);
            return label == null
                    ? Finding.fail(c.name(), "istio-system has no " + NamespaceFact.NETWORK + " label: istiod cannot tell"
                            + " which network pods without their own label are on", fix)
                    : Finding.fail(c.name(), "istio-system says network " + label + ", the workshop plans " + c.network(), fix);
        });
    }

    static List<Finding> ingress(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.GatewayFact g = c.mesh().ingressGateway();
            if (g == null) {
                return c.mesh().istiod() == null ? Finding.skipped(c.name(), "Istio not installed")
                        : Finding.fail(c.name(), "istio-ingressgateway is not installed", "mesh install --cluster " + c.name());
            }
            if (g.podsReady() > 0) {
                return Finding.ok(c.name());
            }
            return Finding.fail(c.name(), "istio-ingressgateway has " + g.podsReady() + "/" + g.podsDesired() + " pods ready",
                    g.podsDesired() == 0 ? "kubectl scale deployment/istio-ingressgateway -n istio-system --replicas=1 " + DoctorInput.ctx(c)
                            : "kubectl describe deployment/istio-ingressgateway -n istio-system " + DoctorInput.ctx(c));
        });
    }
}
