package dev.meshstage.stage;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Markdown prose for a terminal: structure kept, paragraphs wrapped at word boundaries to the width. */
class NarrationRendererTest {

    private static List<String> plain(int width, String... md) {
        return NarrationRenderer.render(List.of(md), width, Style.PLAIN);
    }

    @Test
    void headingsAreUnderlinedAndParagraphsWrapAtWords() {
        assertThat(plain(30, "# Two clusters", "", "The workshop starts with two clusters, each with one control-plane node."))
                .containsExactly("Two clusters", "════════════", "", "The workshop starts with two", "clusters, each with one",
                        "control-plane node.");
        assertThat(plain(40, "### Small", "text")).containsExactly("Small", "", "text");
    }

    @Test
    void emphasisAndCodeWithoutColourReadAsTextAndBackticks() {
        assertThat(plain(80, "Run *this* and **that** with `mesh link`, then [docs](https://istio.io).")).containsExactly(
                "Run this and that with `mesh link`, then docs (https://istio.io).");
    }

    @Test
    void withColourStylesAreEscapesThatDoNotCountTowardsTheWidth() {
        List<String> lines = NarrationRenderer.render(List.of("aaaa `bbbb` **cccc** dddd"), 20, new Style(true));
        assertThat(lines).containsExactly("aaaa \u001b[36mbbbb\u001b[0m \u001b[1mcccc\u001b[0m dddd");
        assertThat(NarrationRenderer.render(List.of("aaaa `bbbb` cccc dddd eeee"), 20, new Style(true)))
                .containsExactly("aaaa \u001b[36mbbbb\u001b[0m cccc dddd", "eeee");
    }

    @Test
    void listsHangTheirIndentAndNumbersCount() {
        assertThat(plain(24, "- one short", "- a longer item that has to wrap", "", "1. first", "2. second")).containsExactly(
                "• one short", "• a longer item that has", "  to wrap", "", "1. first", "2. second");
    }

    @Test
    void codeBlocksAreIndentedAndNeverWrappedAndCommentsVanish() {
        assertThat(plain(20, "Then:", "", "```bash", "kubectl get pods -n simple-buy", "```", "", "<!-- later: trace -->", "", "End."))
                .containsExactly("Then:", "", "    kubectl get pods -n simple-buy", "", "End.");
    }

    @Test
    void aWordLongerThanTheLineStandsAlone() {
        assertThat(plain(20, "see https://127.0.0.1:8080/api/products now"))
                .containsExactly("see", "https://127.0.0.1:8080/api/products", "now");
    }
}
