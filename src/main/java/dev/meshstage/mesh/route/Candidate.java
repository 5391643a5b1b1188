package dev.meshstage.mesh.route;

/**
 * One endpoint of the outbound cluster as the caller's istiod hands it out (EDS), after the network filter.
 *
 * @param address  {@code 10.244.0.17:9082} for a pod, {@code 172.18.255.102:15443} for a remote network's gateway
 * @param weight   the load-balancing weight (a gateway carries the number of endpoints behind it)
 * @param cluster  where the pods behind it run
 * @param pods     the pods behind it, in order
 * @param usable   false when the address cannot be reached from the caller (a raw remote pod IP)
 */
public record Candidate(String address, int weight, String cluster, String network, Via via, java.util.List<String> pods,
        boolean usable) {

    public enum Via { LOCAL_POD, GATEWAY, REMOTE_POD_IP }

    public Candidate {
        pods = java.util.List.copyOf(pods);
    }
}
