package dev.meshstage.server;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireTest {

    private static DataInputStream written(IoAction a) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.run(new DataOutputStream(bytes));
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    interface IoAction {
        void run(DataOutputStream out) throws IOException;
    }

    @Test
    void aRequestComesBackAsItWasSentWithUnicodeAndEmptyFields() throws IOException {
        Wire.Request r = new Wire.Request("/t/meshstage.jar@1/2", "/work/ws", "", "/k/a:/k/b", true, false, 87, true, "cluster2",
                "app deploy --cluster 2 \"a b\" …");
        DataInputStream in = written(out -> Wire.write(out, r));
        assertThat(Wire.read(in)).isEqualTo(r);
        assertThat(Wire.read(in)).as("end of stream").isNull();
    }

    @Test
    void aCancelBetweenTwoRequestsIsReadAsSuch() throws IOException {
        Wire.Request r = new Wire.Request("b", "/", "", "", false, false, 0, false, "", "lb install");
        DataInputStream in = written(out -> {
            Wire.write(out, r);
            Wire.cancel(out);
            Wire.write(out, r);
        });
        assertThat(Wire.read(in)).isEqualTo(r);
        assertThat(Wire.read(in)).isEqualTo(new Wire.Cancel());
        assertThat(Wire.read(in)).isEqualTo(r);
        assertThat(Wire.read(in)).isNull();
    }

    @Test
    void outputFramesThenTheOutcome() throws IOException {
        DataInputStream in = written(out -> {
            Wire.output(out, "line one\n");
            Wire.output(out, "⠋ cluster1\n");
            Wire.outcome(out, new Wire.Outcome(false, "unknown cluster 'cluster9'", "cluster1"));
        });
        assertThat(in.read()).isEqualTo(Wire.OUTPUT);
        assertThat(Wire.string(in)).isEqualTo("line one\n");
        assertThat(in.read()).isEqualTo(Wire.OUTPUT);
        assertThat(Wire.string(in)).isEqualTo("⠋ cluster1\n");
        assertThat(in.read()).isEqualTo(Wire.OUTCOME);
        assertThat(in.readBoolean()).isFalse();
        assertThat(Wire.string(in)).isEqualTo("unknown cluster 'cluster9'");
        assertThat(Wire.string(in)).isEqualTo("cluster1");
    }

    @Test
    void aNullErrorTravelsAsEmpty() throws IOException {
        DataInputStream in = written(out -> Wire.outcome(out, new Wire.Outcome(true, null, null)));
        in.read();
        assertThat(in.readBoolean()).isTrue();
        assertThat(Wire.string(in)).isEmpty();
        assertThat(Wire.string(in)).isEmpty();
    }

    @Test
    void foreignBytesAndOtherVersionsAreRefused() throws IOException {
        assertThatThrownBy(() -> Wire.read(written(out -> out.writeBytes("GET / HTTP/1.1\r\n"))))
                .isInstanceOf(IOException.class).hasMessageContaining("not a meshstage request");
        assertThatThrownBy(() -> Wire.read(written(out -> {
            out.writeByte(Wire.REQUEST);
            out.writeInt(99);
        }))).isInstanceOf(IOException.class).hasMessageContaining("protocol version 99");
        assertThatThrownBy(() -> Wire.string(written(out -> out.writeInt(-5)))).isInstanceOf(IOException.class);
    }
}
