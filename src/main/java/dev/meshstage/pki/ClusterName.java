package dev.meshstage.pki;

import dev.meshstage.error.BackendException;

import java.util.regex.Pattern;

/**
 * A cluster name as istioctl's {@code --name} accepts it: a DNS-1123 label. It also becomes a directory name
 * under the CA directory, so checking it here keeps {@code ..} and slashes out of paths.
 */
final class ClusterName {

    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ClusterName() {
    }

    static boolean isValid(String name) {
        return name != null && DNS1123_LABEL.matcher(name).matches();
    }

    static String require(String name) {
        if (!isValid(name)) {
            throw new BackendException("invalid cluster name \"" + name
                    + "\": must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters)");
        }
        return name;
    }
}
