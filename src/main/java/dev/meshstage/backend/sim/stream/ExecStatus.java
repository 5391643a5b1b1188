package dev.meshstage.backend.sim.stream;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * How a process ended, on the error stream (channel 3): protocols v4 and v5 send a metav1.Status (exit
 * codes as a NonZeroExitCode cause, which kubectl turns into its own exit code); v1–v3 send only the
 * message of a failure, as text.
 */
public final class ExecStatus {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ExecStatus() {
    }

    /** The status after the process exited with {@code code}. */
    public static byte[] exited(int code, List<String> command, boolean structured) {
        if (!structured) {
            return code == 0 ? new byte[0] : text("command terminated with non-zero exit code: Error executing in Docker Container: " + code);
        }
        ObjectNode s = JSON.createObjectNode();
        s.putObject("metadata");
        if (code == 0) {
            s.put("status", "Success");
            return JSON.writeValueAsBytes(s);
        }
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: error executing command " + command
                + ", exit code " + code);
        s.put("reason", "NonZeroExitCode");
        s.putObject("details").putArray("causes").addObject().put("reason", "ExitCode").put("message", Integer.toString(code));
        return JSON.writeValueAsBytes(s);
    }

    /** The process could not run at all (the runtime's error). */
    public static byte[] failed(String message, boolean structured) {
        if (!structured) {
            return text(message);
        }
        ObjectNode s = JSON.createObjectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", "InternalError");
        s.putObject("details").putArray("causes").addObject().put("message", message);
        s.put("code", 500);
        return JSON.writeValueAsBytes(s);
    }

    private static byte[] text(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
