package dev.meshstage.backend.sim.controller;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Which references the simulated registries serve, online and offline, and the errors containerd would give. */
class ImageCatalogueTest {

    @Test
    void publicRegistriesServeAnyTagButTheWorkshopsOwnRepositoriesKeepTheirTags() {
        ImageCatalogue images = new ImageCatalogue();
        assertThat(images.pullError("nginx:1.27")).isNull();
        assertThat(images.pullError("httpd:2.4")).isNull();
        assertThat(images.pullError("busybox:1.36")).isNull();
        assertThat(images.pullError("registry.k8s.io/e2e-test-images/agnhost:2.39")).isNull();
        assertThat(images.pullError("quay.io/prometheus/prometheus@sha256:0123")).isNull();
        assertThat(images.pullError("sayedimran/simple-buy-product:v1.0.0")).isNull();
        assertThat(images.pullError("nginxx")).as("no such official image").contains("pull access denied, repository does not exist");
        assertThat(images.pullError("sayedimran/simple-buy-product:no-such-tag")).isEqualTo("rpc error: code = NotFound desc = failed to pull "
                + "and unpack image \"docker.io/sayedimran/simple-buy-product:no-such-tag\": failed to resolve reference "
                + "\"docker.io/sayedimran/simple-buy-product:no-such-tag\": docker.io/sayedimran/simple-buy-product:no-such-tag: not found");
        assertThat(images.pullError("myregistry.local:5000/team/app:1")).isEqualTo("rpc error: code = Unknown desc = failed to pull and unpack "
                + "image \"myregistry.local:5000/team/app:1\": failed to resolve reference \"myregistry.local:5000/team/app:1\": failed to do "
                + "request: Head \"https://myregistry.local:5000/v2/team/app/manifests/1\": dial tcp: lookup myregistry.local: no such host");
    }

    @Test
    void offlineNothingPulls() {
        ImageCatalogue images = new ImageCatalogue();
        AtomicBoolean offline = new AtomicBoolean(true);
        images.offlineWhen(offline::get);
        assertThat(images.pullable("nginx:1.27")).isFalse();
        assertThat(images.pullError("nginx:1.27")).endsWith("failed to do request: Head \"https://registry-1.docker.io/v2/library/nginx/manifests/1.27\": "
                + "dial tcp: lookup registry-1.docker.io: no such host");
        assertThat(images.pullable("docker.io/istio/proxyv2:1.28.3")).isFalse();
        offline.set(false);
        assertThat(images.pullable("nginx:1.27")).isTrue();
    }
}
