package dev.meshstage.backend;

/**
 * What preloading one image into one cluster came to.
 *
 * @param image  the reference as asked for ({@code postgres:16-alpine})
 * @param loaded whether the cluster's nodes now have it
 * @param detail for a failure the reason and what to do; for a success how it got there
 */
public record ImagePreload(String cluster, String image, boolean loaded, String detail) {

    public static ImagePreload loaded(String cluster, String image, String detail) {
        return new ImagePreload(cluster, image, true, detail);
    }

    public static ImagePreload failed(String cluster, String image, String reason) {
        return new ImagePreload(cluster, image, false, reason);
    }
}
