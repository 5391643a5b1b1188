package dev.meshstage.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void alignsColumnsLikeKubectl() {
        String out = new Table("NAME", "READY", "STATUS").row("coredns-1", "1/1", "Running").row("x", "0/1", "").render();
        assertThat(out).isEqualTo("""
                NAME        READY   STATUS
                coredns-1   1/1     Running
                x           0/1
                """);
    }

    @Test
    void refusesRowsOfTheWrongWidth() {
        assertThatThrownBy(() -> new Table("A", "B").row("1")).isInstanceOf(IllegalArgumentException.class);
    }
}
