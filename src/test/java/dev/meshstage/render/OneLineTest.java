package dev.meshstage.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One-line hints and errors wrapped at word boundaries, the label hanging; left alone where there is no width. */
class OneLineTest {

    private static final String HINT = "next: lb install — MetalLB gives the east-west gateway an address the other network can reach";

    @Test
    void theLabelIsALeadingShortWordAndColon() {
        assertThat(OneLine.label(HINT)).isEqualTo("next: ");
        assertThat(OneLine.label("error: unknown command 'bogus'")).isEqualTo("error: ");
        assertThat(OneLine.label("cluster1: created (3 nodes)")).isEmpty();
        assertThat(OneLine.label("a long sentence: with a colon")).isEmpty();
        assertThat(OneLine.label("next:no space")).isEmpty();
    }

    @Test
    void aLongLineWrapsAtWordsWithinTheWidthAndTheLabelHangs() {
        String wrapped = OneLine.wrap("next: ", HINT.substring(6), 50, s -> s);
        assertThat(wrapped.lines()).containsExactly(
                "next: lb install — MetalLB gives the east-west",
                "      gateway an address the other network can",
                "      reach");
        assertThat(wrapped.lines()).allMatch(l -> l.length() <= 50);
        assertThat(wrapped.replaceAll("\\s+", " ")).isEqualTo(HINT);
    }

    @Test
    void noWidthOrAShortLineStaysAsItIs() {
        assertThat(OneLine.wrap("next: ", HINT.substring(6), 0, s -> s)).isEqualTo(HINT);
        assertThat(OneLine.wrap("next: ", HINT.substring(6), HINT.length(), s -> s)).isEqualTo(HINT);
        assertThat(OneLine.wrap("", "short", 40, s -> s)).isEqualTo("short");
    }

    @Test
    void theStyledLabelDoesNotCountTowardTheWidth() {
        String wrapped = OneLine.wrap("error: ", "'mesh link' needs cluster1 to have reached 'Istio installed', but it is at 'cluster created'", 60,
                s -> "\u001b[31m" + s + "\u001b[0m");
        assertThat(wrapped).startsWith("\u001b[31merror: \u001b[0m'mesh link' needs");
        assertThat(wrapped.replace("\u001b[31m", "").replace("\u001b[0m", "").lines()).allMatch(l -> l.length() <= 60)
                .allMatch(l -> l.startsWith("error: ") || l.startsWith("       "));
    }

    @Test
    void aWordLongerThanTheWidthIsNotBroken() {
        String url = "https://127.0.0.1:6443/apis/networking.istio.io/v1/namespaces/istio-system/gateways/cross-network-gateway";
        assertThat(OneLine.wrap("error: ", "cannot reach " + url, 40, s -> s).lines()).containsExactly("error: cannot reach", "       " + url);
    }
}
