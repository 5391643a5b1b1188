package dev.meshstage.backend.sim.stream;

import java.util.List;

/**
 * One {@code pods/exec} or {@code pods/attach} request, as its query says ({@code command=…&stdin=true&tty=true}).
 *
 * @param command empty for attach
 */
public record ExecRequest(String namespace, String pod, String container, List<String> command, boolean attach,
        boolean stdin, boolean stdout, boolean stderr, boolean tty) {

    /** With a TTY the client reads one stream: stderr goes to stdout. */
    boolean separateStderr() {
        return stderr && !tty;
    }
}
