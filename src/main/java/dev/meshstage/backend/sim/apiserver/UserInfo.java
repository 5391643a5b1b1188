package dev.meshstage.backend.sim.apiserver;

import java.util.ArrayList;
import java.util.List;

/**
 * Who a request is: the user name the token authenticated and the groups that come with it, as a kind cluster
 * gives them (its admin is in {@code kubeadm:cluster-admins}; service accounts are in their namespace's group).
 */
record UserInfo(String username, List<String> groups) {

    static UserInfo of(String username) {
        List<String> groups = new ArrayList<>();
        if (username.equals(Authenticator.ADMIN)) {
            groups.add("kubeadm:cluster-admins");
        } else if (username.startsWith("system:serviceaccount:")) {
            String ns = username.substring("system:serviceaccount:".length()).split(":", 2)[0];
            groups.add("system:serviceaccounts");
            groups.add("system:serviceaccounts:" + ns);
        }
        groups.add("system:authenticated");
        return new UserInfo(username, List.copyOf(groups));
    }

    /**
     * Who {@code kubectl --as NAME [--as-group G…]} acts as: the groups asked for (a service account's own
     * groups when none are), always {@code system:authenticated}, as impersonation gives them.
     */
    static UserInfo impersonated(String username, List<String> asGroups) {
        List<String> groups = new ArrayList<>(asGroups);
        if (asGroups.isEmpty() && username.startsWith("system:serviceaccount:")) {
            String ns = username.substring("system:serviceaccount:".length()).split(":", 2)[0];
            groups.add("system:serviceaccounts");
            groups.add("system:serviceaccounts:" + ns);
        }
        if (!groups.contains("system:authenticated")) {
            groups.add("system:authenticated");
        }
        return new UserInfo(username, List.copyOf(groups));
    }

    boolean admin() {
        return username.equals(Authenticator.ADMIN) && groups.contains("kubeadm:cluster-admins");
    }

    /** The service account's namespace and name, or null for a user. */
    String[] serviceAccount() {
        if (!username.startsWith("system:serviceaccount:")) {
            return null;
        }
        String[] parts = username.substring("system:serviceaccount:".length()).split(":", 2);
        return parts.length == 2 ? parts : null;
    }
}
