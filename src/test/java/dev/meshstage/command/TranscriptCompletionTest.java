package dev.meshstage.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** replay's file completion: Markdown files and directories under what was typed. */
class TranscriptCompletionTest {

    @Test
    void completesMarkdownFilesAndDirectories(@TempDir Path base) throws Exception {
        Files.createDirectories(base.resolve("transcripts"));
        Files.writeString(base.resolve("transcripts/01-clusters.md"), "");
        Files.writeString(base.resolve("transcripts/workshop.md"), "");
        Files.writeString(base.resolve("transcripts/notes.txt"), "");
        Files.writeString(base.resolve("README.md"), "");
        Files.createDirectories(base.resolve(".hidden"));

        assertThat(TranscriptCompletion.files(base, "")).containsExactly("README.md", "transcripts/");
        assertThat(TranscriptCompletion.files(base, "tr")).containsExactly("transcripts/");
        assertThat(TranscriptCompletion.files(base, "transcripts/")).containsExactly("transcripts/01-clusters.md", "transcripts/workshop.md");
        assertThat(TranscriptCompletion.files(base, "transcripts/w")).containsExactly("transcripts/workshop.md");
        assertThat(TranscriptCompletion.files(base, "nowhere/")).isEmpty();
    }
}
