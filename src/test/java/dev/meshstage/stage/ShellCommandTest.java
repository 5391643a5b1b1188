package dev.meshstage.stage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShellCommandTest {

    @TempDir
    Path dir;

    @Test
    void aConsoleLineSeesEveryKubeconfigOfTheMeshInOrderJoinedAsKubectlReadsThem() {
        Path lab1 = dir.resolve("lab1.yaml");
        Path lab2 = dir.resolve("other dir/lab2.yaml");
        StepResult r = new ShellCommand(List.of(lab1, lab2), dir, Map.of()).run("echo \"$KUBECONFIG\"; pwd", Duration.ofSeconds(20), l -> { });
        assertThat(r.lines()).containsExactly(lab1 + ":" + lab2, dir.toString());
        StepResult one = new ShellCommand(List.of(lab1), dir, Map.of()).run("echo \"$KUBECONFIG\"", Duration.ofSeconds(20), l -> { });
        assertThat(one.lines()).containsExactly(lab1.toString());
    }
}
