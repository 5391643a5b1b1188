/**
 * The mesh's trust material, built the way Istio's own tooling builds it so that what meshstage installs is
 * what the workshop's audience would get by hand: a shared root CA with one intermediate per cluster (the
 * {@code cacerts} plug-in CA of {@code tools/certs/Makefile.selfsigned.mk}), workload certificates for the
 * sim's istiod, a PKIX chain check that fails the way Envoy does, and the remote secret of
 * {@code istioctl create-remote-secret}. Uses BouncyCastle and the JDK only.
 */
package dev.meshstage.pki;
