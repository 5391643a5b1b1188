package dev.meshstage.stage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is left on screen after colour and in-place progress, as the plain lines a transcript holds. */
class TerminalTextTest {

    @Test
    void plainTextSplitsAsStringLines() {
        assertThat(TerminalText.lines("")).isEmpty();
        assertThat(TerminalText.lines("a\nb\n")).containsExactly("a", "b");
        assertThat(TerminalText.lines("a\n\nb")).containsExactly("a", "", "b");
        assertThat(TerminalText.lines("a\n\n")).containsExactly("a", "");
    }

    @Test
    void colourIsDropped() {
        assertThat(TerminalText.lines("\u001b[31merror: \u001b[0mno\n")).containsExactly("error: no");
    }

    @Test
    void progressRedrawnInPlaceAndClearedLeavesOnlyTheOutcome() {
        // as ProgressPrinter draws two clusters, redraws them, then clears before the outcome
        String raw = "\r\u001b[2K  ⠋ cluster1  creating\n\r\u001b[2K  ⠋ cluster2  creating\n"
                + "\u001b[2A\r\u001b[2K  ⠙ cluster1  ready\n\r\u001b[2K  ⠙ cluster2  ready\n"
                + "\u001b[2A\r\u001b[2K\n\r\u001b[2K\n\u001b[2A"
                + "cluster1: created\n";
        assertThat(TerminalText.lines(raw)).containsExactly("cluster1: created");
    }

    @Test
    void carriageReturnOverwritesFromTheStart() {
        assertThat(TerminalText.lines("50%\r100%\n")).containsExactly("100%");
    }
}
