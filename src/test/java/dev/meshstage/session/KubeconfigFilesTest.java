package dev.meshstage.session;

import dev.meshstage.error.UsageException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeconfigFilesTest {

    private static final Path A = Path.of("/k/a.yaml");
    private static final Path B = Path.of("/k/b.yaml");

    /** A kubeconfig with one context per {@code context=cluster/user} triple, and the clusters and users named. */
    private static String kubeconfig(List<String> contexts, List<String> clusters, List<String> users) {
        StringBuilder sb = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
        clusters.forEach(c -> sb.append("- name: ").append(c).append("\n  cluster: {server: https://10.0.0.1:6443}\n"));
        sb.append("users:\n");
        users.forEach(u -> sb.append("- name: ").append(u).append("\n  user: {token: t}\n"));
        sb.append("contexts:\n");
        for (String c : contexts) {
            String[] parts = c.split("[=/]");
            sb.append("- name: ").append(parts[0]).append("\n  context: {cluster: ").append(parts[1]).append(", user: ").append(parts[2])
                    .append("}\n");
        }
        return sb.toString();
    }

    private static KubeconfigFiles.Source source(Path file, String content) {
        return new KubeconfigFiles.Source(file, content);
    }

    @Test
    void kubeconfigsFilesAreSplitAtColonsRelativeToTheClientsDirectoryInOrderWithoutRepeats() {
        assertThat(KubeconfigFiles.split("/k/a.yaml::lab/b.yaml:/k/a.yaml: ../c.yaml ", Path.of("/home/me/work")))
                .containsExactly(A, Path.of("/home/me/work/lab/b.yaml"), Path.of("/home/me/c.yaml"));
        assertThat(KubeconfigFiles.split(":", Path.of("/"))).isEmpty();
    }

    @Test
    void theFirstFileThatNamesTheContextHoldsItAndFilesThatAreNotThereAreSkipped() {
        String a = kubeconfig(List.of("prod=prod/admin"), List.of("prod"), List.of("admin"));
        String b = kubeconfig(List.of("lab=lab/me", "prod=other/other"), List.of("lab", "other"), List.of("me", "other"));
        List<KubeconfigFiles.Source> sources = List.of(source(Path.of("/k/gone.yaml"), null), source(A, a), source(B, b));
        assertThat(KubeconfigFiles.find("lab", sources, "$KUBECONFIG")).isEqualTo(new KubeconfigFiles.Found(B, b));
        assertThat(KubeconfigFiles.find("prod", sources, "$KUBECONFIG").file()).as("the first wins, as in kubectl").isEqualTo(A);
    }

    @Test
    void aContextNoFileNamesIsOneLineWithEveryContextAndTheClosest() {
        List<KubeconfigFiles.Source> sources = List.of(source(A, kubeconfig(List.of("kind-lab1=l1/u1"), List.of("l1"), List.of("u1"))),
                source(B, kubeconfig(List.of("kind-lab2=l2/u2"), List.of("l2"), List.of("u2"))));
        assertThatThrownBy(() -> KubeconfigFiles.find("kind-lab3", sources, "$KUBECONFIG (/k/a.yaml:/k/b.yaml)"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("context 'kind-lab3' is not in $KUBECONFIG (/k/a.yaml:/k/b.yaml)")
                .hasMessageContaining("did you mean")
                .hasMessageEndingWith(": its contexts are kind-lab1, kind-lab2");
        assertThatThrownBy(() -> KubeconfigFiles.find("x", List.of(source(A, "apiVersion: v1\n")), "/k/a.yaml"))
                .hasMessage("context 'x' is not in /k/a.yaml: it has no contexts");
    }

    @Test
    void aContextWhoseClusterOrUserComesFromAnotherFileIsRefusedWithHowToMakeOneFile() {
        String a = kubeconfig(List.of("lab=lab/me"), List.of(), List.of("me"));
        String b = kubeconfig(List.of(), List.of("lab"), List.of());
        assertThatThrownBy(() -> KubeconfigFiles.find("lab", List.of(source(A, a), source(B, b)), "$KUBECONFIG"))
                .hasMessage("context 'lab' of /k/a.yaml uses cluster 'lab' of /k/b.yaml, and an attached cluster is reached through"
                        + " one file: make one with 'kubectl config view --flatten --minify --context lab > FILE' and attach with"
                        + " --kubeconfig FILE");
        // an earlier file's user of the same name is the one kubectl would use
        String earlier = kubeconfig(List.of(), List.of(), List.of("me"));
        String whole = kubeconfig(List.of("lab=lab/me"), List.of("lab"), List.of("me"));
        assertThatThrownBy(() -> KubeconfigFiles.find("lab", List.of(source(A, earlier), source(B, whole)), "$KUBECONFIG"))
                .hasMessageStartingWith("context 'lab' of /k/b.yaml uses user 'me' of /k/a.yaml");
        assertThatThrownBy(() -> KubeconfigFiles.find("lab", List.of(source(A, kubeconfig(List.of("lab=lab/nobody"), List.of("lab"),
                List.of())), source(B, b)), "$KUBECONFIG"))
                .hasMessage("context 'lab' of /k/a.yaml uses user 'nobody', which no file of $KUBECONFIG defines: fix the kubeconfig,"
                        + " or give the right one with --kubeconfig FILE");
        // one file as it is: what it lacks shows when its API is asked
        assertThat(KubeconfigFiles.find("lab", List.of(source(A, a)), "/k/a.yaml").file()).isEqualTo(A);
    }

    @Test
    void aFileThatIsNotYamlSaysSo() {
        assertThatThrownBy(() -> KubeconfigFiles.find("lab", List.of(source(A, "contexts: [unclosed")), "/k/a.yaml"))
                .hasMessage("/k/a.yaml is not a kubeconfig (not YAML): give the file with --kubeconfig FILE");
    }
}
