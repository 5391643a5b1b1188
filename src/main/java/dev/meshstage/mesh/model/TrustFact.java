package dev.meshstage.mesh.model;

/**
 * A cluster's certificate authority as the API shows it, by SHA-256 fingerprints (certificates only; keys are never
 * read into the model).
 *
 * @param source                  where istiod signs from
 * @param rootFingerprint         the root of the signing chain ({@code cacerts}'s {@code root-cert.pem}, or the
 *                                self-signed CA itself)
 * @param intermediateFingerprint the signing CA ({@code cacerts}'s {@code ca-cert.pem})
 * @param signedByRoot            the signing CA's signature verifies against {@code rootFingerprint}'s key
 * @param publishedRootFingerprint what istiod publishes for proxies to trust ({@code istio-ca-root-cert}); null
 *                                before istiod has run
 */
public record TrustFact(Source source, String rootFingerprint, String intermediateFingerprint, boolean signedByRoot,
        String publishedRootFingerprint) {

    public enum Source { CACERTS, SELF_SIGNED, NONE }

    public static final TrustFact NONE = new TrustFact(Source.NONE, null, null, false, null);

    /** The root this cluster's proxies trust: what istiod published, else (before it ran) what it will sign from. */
    public String trustedRoot() {
        return publishedRootFingerprint != null ? publishedRootFingerprint : rootFingerprint;
    }
}
