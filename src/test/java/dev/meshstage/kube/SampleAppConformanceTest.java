package dev.meshstage.kube;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/** Our rendering of the workshop's app layouts equals {@code kubectl kustomize}'s, order included. */
class SampleAppConformanceTest {

    @Test
    void cluster1AppRendersLikeKubectl() throws Exception {
        KubectlKustomize.assertSameAsKubectl(Path.of("sample-app"));
    }

    @Test
    void cluster2ManifestsRenderLikeKubectl() throws Exception {
        KubectlKustomize.assertSameAsKubectl(Path.of("sample-app/cluster2-manifests"));
    }

    @Test
    void localProductAddOnRendersLikeKubectl() throws Exception {
        KubectlKustomize.assertSameAsKubectl(Path.of("sample-app/product-local"));
    }
}
