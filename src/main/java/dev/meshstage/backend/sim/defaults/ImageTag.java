package dev.meshstage.backend.sim.defaults;

/** The tag of an image reference as the pull-policy default reads it: {@code latest} when none is named, empty with a digest. */
final class ImageTag {

    private ImageTag() {
    }

    static String of(String image) {
        String ref = image;
        boolean digest = false;
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
            digest = true;
        }
        String last = ref.substring(ref.lastIndexOf('/') + 1);
        int colon = last.indexOf(':');
        if (colon >= 0) {
            return last.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }
}
