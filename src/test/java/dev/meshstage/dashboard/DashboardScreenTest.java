package dev.meshstage.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.meshstage.mesh.PodDetails;
import dev.meshstage.mesh.model.MeshModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static dev.meshstage.dashboard.Facts.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard drawn by Lanterna on its virtual terminal, compared with golden frames in
 * {@code src/test/resources/dashboard/}. After an intended change, {@code -Ddashboard.update=true} rewrites them
 * (read the diff before committing).
 */
class DashboardScreenTest {

    private static final Path GOLDEN = Path.of("src/test/resources/dashboard");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    private KeyedTerminal terminal;
    private DashboardScreen screen;
    private Thread loop;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @AfterEach
    void quit() throws InterruptedException {
        if (loop != null && loop.isAlive()) {
            terminal.addInput(new KeyStroke('q', false, false));
            loop.join(5_000);
        }
    }

    static MeshModel workshop() {
        return new MeshModel(List.of(
                Facts.cluster("cluster1").peer("cluster2")
                        .pod("simple-buy", "frontend-7d4b9c6f5-abcde", "2/2", "Running", 0, 300)
                        .pod("simple-buy", "auth-5f6c8d9b7-xyz12", "2/2", "Running", 0, 300)
                        .pod("simple-buy", "cart-6c7d8e9f0-qwert", "1/2", "Running", 2, 290)
                        .pod("simple-buy", "postgres-0", "2/2", "Running", 0, 320)
                        .pod("istio-system", "istiod-6b7c9d8f4-bbbbb", "1/1", "Running", 0, 600)
                        .pod("istio-system", "istio-eastwestgateway-5f7c9d8b6-x2x4z", "1/1", "Running", 0, 590)
                        .pod("istio-system", "istio-ingressgateway-7c8d9e6f5-k8s9d", "1/1", "Running", 0, 590)
                        .pod("kube-system", "coredns-668d6bf9bc-aaaaa", "1/1", "Running", 0, 900)
                        .pod("kube-system", "etcd-cluster1-control-plane", "1/1", "Running", 0, 905)
                        .pod("metallb-system", "controller-5f98465b6b-pqrst", "1/1", "Running", 0, 700)
                        .warning("simple-buy", "cart-6c7d8e9f0-qwert", "Unhealthy", "Readiness probe failed: connection refused", 4,
                                T0.minusSeconds(20))
                        .build(),
                Facts.cluster("cluster2").peer("cluster1")
                        .pod("simple-buy", "product-8c9d7e6f5-ccccc", "2/2", "Running", 0, 200)
                        .pod("simple-buy", "inventory-5d6e7f8a9-ddddd", "0/2", "ContainerCreating", 0, 3)
                        .pod("istio-system", "istiod-77f8c9d6b-eeeee", "1/1", "Running", 0, 600)
                        .pod("istio-system", "istio-eastwestgateway-6a7b8c9d0-fffff", "1/1", "Running", 0, 590)
                        .pod("kube-system", "coredns-668d6bf9bc-ggggg", "1/1", "Running", 0, 900)
                        .warning("simple-buy", "inventory-5d6e7f8a9-ddddd", "FailedScheduling", "0/3 nodes are available", 1,
                                T0.minusSeconds(3))
                        .build()));
    }

    /** The same workshop after cart's container started crash-looping. */
    static MeshModel cartFails() {
        MeshModel m = workshop();
        var c1 = Facts.cluster("cluster1").peer("cluster2")
                .pod("simple-buy", "frontend-7d4b9c6f5-abcde", "2/2", "Running", 0, 300)
                .pod("simple-buy", "auth-5f6c8d9b7-xyz12", "2/2", "Running", 0, 300)
                .pod("simple-buy", "cart-6c7d8e9f0-qwert", "1/2", "CrashLoopBackOff", 3, 290)
                .pod("simple-buy", "postgres-0", "2/2", "Running", 0, 320)
                .pod("istio-system", "istiod-6b7c9d8f4-bbbbb", "1/1", "Running", 0, 600)
                .pod("istio-system", "istio-eastwestgateway-5f7c9d8b6-x2x4z", "1/1", "Running", 0, 590)
                .pod("istio-system", "istio-ingressgateway-7c8d9e6f5-k8s9d", "1/1", "Running", 0, 590)
                .pod("kube-system", "coredns-668d6bf9bc-aaaaa", "1/1", "Running", 0, 900)
                .pod("kube-system", "etcd-cluster1-control-plane", "1/1", "Running", 0, 905)
                .pod("metallb-system", "controller-5f98465b6b-pqrst", "1/1", "Running", 0, 700)
                .warning("simple-buy", "cart-6c7d8e9f0-qwert", "BackOff", "Back-off restarting failed container cart", 3,
                        T0.minusSeconds(2))
                .build();
        return new MeshModel(List.of(c1, m.clusters().get(1)));
    }

    /** A three-cluster mesh (the three-clusters workshop): each istiod sees the two others. */
    static MeshModel threeClusters() {
        return new MeshModel(List.of(
                Facts.cluster("cluster1").peer("cluster2", "cluster3")
                        .pod("simple-buy", "frontend-7d4b9c6f5-abcde", "2/2", "Running", 0, 300)
                        .pod("istio-system", "istiod-6b7c9d8f4-bbbbb", "1/1", "Running", 0, 600)
                        .pod("istio-system", "istio-eastwestgateway-5f7c9d8b6-x2x4z", "1/1", "Running", 0, 590).build(),
                Facts.cluster("cluster2").peer("cluster1", "cluster3")
                        .pod("simple-buy", "product-8c9d7e6f5-ccccc", "2/2", "Running", 0, 200)
                        .pod("istio-system", "istiod-77f8c9d6b-eeeee", "1/1", "Running", 0, 600).build(),
                Facts.cluster("cluster3").peer("cluster1", "cluster2")
                        .pod("simple-buy", "inventory-5d6e7f8a9-ddddd", "2/2", "Running", 0, 100)
                        .pod("istio-system", "istiod-5c4d3e2f1-hhhhh", "1/1", "Running", 0, 600).build()));
    }

    private void open(int columns, int rows, boolean color) throws InterruptedException {
        open(columns, rows, color, workshop());
    }

    private void open(int columns, int rows, boolean color, MeshModel model) throws InterruptedException {
        terminal = new KeyedTerminal(new TerminalSize(columns, rows));
        DashboardState state = new DashboardState(model.clusters().stream().map(c -> c.name()).toList());
        state.update(model);
        screen = new DashboardScreen(terminal, state, CLOCK, color, (c, ns, name) -> details(ns, name));
        loop = new Thread(() -> {
            try {
                screen.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "dashboard-test");
        loop.start();
        awaitFrames(1);
    }

    private static PodDetails details(String ns, String name) {
        return new PodDetails(ns, name, "cluster1-worker", "10.244.1.7", "Running",
                List.of(new PodDetails.Container("cart", "simple-buy/cart:1.0", false, "waiting: CrashLoopBackOff", 3, false),
                        new PodDetails.Container("istio-proxy", "istio/proxyv2:1.24.0", true, "running", 0, false)),
                List.of(new PodDetails.Condition("Ready", "False", "ContainersNotReady")),
                List.of(new PodDetails.Event("Warning", "BackOff", "Back-off restarting failed container cart", 3, T0.minusSeconds(2))),
                "cart", List.of("cart: connecting to postgres:5432", "cart: connection refused"), null);
    }

    private void awaitFrames(long n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (screen.frames() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertThat(failure.get()).isNull();
        assertThat(screen.frames()).as("frames drawn").isGreaterThanOrEqualTo(n);
    }

    private void press(KeyStroke key) throws InterruptedException {
        long before = screen.frames();
        terminal.addInput(key);
        awaitFrames(before + 1);
    }

    private static KeyStroke ch(char c) {
        return new KeyStroke(c, false, false);
    }

    private String text() {
        return terminal.text();
    }

    private TextCharacter cellOf(String text) {
        TerminalSize size = terminal.getTerminalSize();
        String[] lines = text().split("\n", -1);
        for (int r = 0; r < lines.length; r++) {
            int c = lines[r].indexOf(text);
            if (c >= 0) {
                return terminal.getCharacter(c, r);
            }
        }
        throw new AssertionError("'" + text + "' is not on the screen (" + size + "):\n" + text());
    }

    private void assertGolden(String name) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        String actual = text();
        if (Boolean.getBoolean("dashboard.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden frame " + file + " (create it with -Ddashboard.update=true)").exists();
        assertThat(actual).as("frame " + name).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void sideBySideAt120x40() throws Exception {
        open(120, 40, true);
        assertGolden("120x40");
        assertThat(cellOf("✔ Running").getForegroundColor()).isEqualTo(TextColor.ANSI.GREEN);
        assertThat(cellOf("◐ ContainerCreating").getForegroundColor()).isEqualTo(TextColor.ANSI.YELLOW);
        assertThat(cellOf("› ").isReversed()).as("the selected pod").isTrue();
    }

    @Test
    void threeColumnsShowEveryRemoteClusterOnASecondMeshLine() throws Exception {
        open(120, 30, true, threeClusters());
        assertGolden("120x30-three-clusters");
        String[] lines = text().split("\n");
        assertThat(lines[1]).as("the header").contains("▶ cluster1  kind-cluster1").contains("cluster3  kind-cluster3").doesNotContain("…");
        assertThat(lines[2]).as("the counts below it").contains("nodes 3/3  pods 3 ").contains("nodes 3/3  pods 2");
        assertThat(lines[3]).contains("east-west 172.18.255.2 ").contains("east-west 172.18.255.202").doesNotContain("…");
        for (String remotes : List.of("remotes cluster2 ✔  cluster3 ✔", "remotes cluster1 ✔  cluster3 ✔", "remotes cluster1 ✔  cluster2 ✔")) {
            assertThat(lines[4]).as("each column's remote clusters, uncut").contains(remotes);
        }
    }

    @Test
    void twoColumnsKeepTheMeshStateOnOneLine() throws Exception {
        open(120, 40, true);
        String[] lines = text().split("\n");
        assertThat(lines[1]).contains("▶ cluster1  kind-cluster1  nodes 3/3  pods 10");
        assertThat(lines[2]).contains("istiod ✔  east-west 172.18.255.2  cluster2 ✔").doesNotContain("remotes");
    }

    @Test
    void stackedAt80x24() throws Exception {
        open(80, 24, true);
        assertGolden("80x24-stacked");
    }

    @Test
    void aPodThatFailsTurnsRedWithinOneFrame() throws Exception {
        open(120, 40, true);
        long before = screen.frames();
        screen.listener().changed(cartFails());
        awaitFrames(before + 1);
        assertGolden("120x40-cart-fails");
        assertThat(cellOf("✘ CrashLoopBackOff").getForegroundColor()).isEqualTo(TextColor.ANSI.RED);
    }

    @Test
    void aResizeLaysTheFrameOutAgain() throws Exception {
        open(120, 40, true);
        long before = screen.frames();
        terminal.setTerminalSize(new TerminalSize(90, 30));
        awaitFrames(before + 1);
        assertGolden("resized-90x30");
    }

    @Test
    void withoutColourTheSymbolsStillShowHealth() throws Exception {
        open(120, 40, false);
        screen.listener().changed(cartFails());
        awaitFrames(2);
        assertGolden("120x40-no-color");
        for (String s : List.of("✘ CrashLoopBackOff", "◐ ContainerCreating", "✔ Running", "cluster1")) {
            assertThat(cellOf(s).getForegroundColor()).as(s).isEqualTo(TextColor.ANSI.DEFAULT);
        }
    }

    @Test
    void keysFocusSelectFilterCycleShowDetailsPauseAndQuit() throws Exception {
        open(120, 40, true);
        press(new KeyStroke(KeyType.Tab));
        assertThat(text()).contains("▶ cluster2");
        press(new KeyStroke(KeyType.ReverseTab));
        press(new KeyStroke(KeyType.ArrowDown));
        press(new KeyStroke(KeyType.ArrowDown));
        assertThat(text()).contains("› frontend-7d4b9c6f5-abcde");
        press(new KeyStroke(KeyType.Enter));
        assertGolden("details");
        press(new KeyStroke(KeyType.Escape));
        press(ch('/'));
        for (char c : "gateway".toCharArray()) {
            press(ch(c));
        }
        press(new KeyStroke(KeyType.Enter));
        assertThat(text()).contains("filter /gateway").contains("c9d0-fffff")
                .doesNotContain("frontend-").doesNotContain("istiod-");
        press(ch('/'));
        press(new KeyStroke(KeyType.Escape));
        press(ch('n'));
        assertThat(text()).contains("namespace simple-buy").doesNotContain("istiod-");
        press(ch('p'));
        screen.listener().changed(cartFails());
        assertThat(text()).contains("PAUSED (1 changes waiting").doesNotContain("CrashLoopBackOff");
        press(ch('p'));
        assertThat(text()).contains("CrashLoopBackOff");
        press(ch('?'));
        assertThat(text()).contains("Keys").contains("pause / resume updates");
        press(ch('x'));
        assertThat(text()).doesNotContain("pause / resume updates");
        terminal.addInput(ch('q'));
        loop.join(5_000);
        assertThat(loop.isAlive()).as("q ends the dashboard").isFalse();
        assertThat(failure.get()).isNull();
    }

}
