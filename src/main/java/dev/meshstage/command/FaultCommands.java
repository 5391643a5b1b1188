package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.step.Fault;
import dev.meshstage.step.SimFaults;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code sim fault …}: break the simulated mesh on purpose for an exercise, and put it back. */
@Component
public class FaultCommands {

    private final SimFaults faults;
    private final Consoles consoles;

    public FaultCommands(SimFaults faults, Consoles consoles) {
        this.faults = faults;
        this.consoles = consoles;
    }

    @Command(name = {"sim", "fault"}, group = "Sim", completionProvider = "faultNames",
            description = "Introduce a failure mode of the mesh on the sim (sim fault list shows them)")
    public void fault(@Argument(index = 0, description = "the fault, e.g. remote-secret-missing") String name,
            @Option(longName = "cluster", shortName = 'c', description = "the cluster to break (default: the fault's own)")
            String cluster) {
        if (name == null || name.isBlank()) {
            throw new UsageException("name a fault: sim fault NAME [--cluster C]; 'sim fault list' shows them");
        }
        consoles.current().println(faults.introduce(name, cluster));
        consoles.current().printWrapped("next: doctor, trace " + Fault.of(name).map(f -> f.traceFrom() + " " + f.traceTo()).orElse("")
                + "; sim fault clear puts it back");
    }

    @Command(name = {"sim", "fault", "list"}, group = "Sim", description = "The faults the sim can introduce, what each breaks, and which are in force")
    public void list() {
        var active = faults.active();
        StringBuilder out = new StringBuilder();
        for (Fault f : Fault.values()) {
            String on = active.stream().filter(a -> a.fault() == f).map(SimFaults.Active::cluster).reduce((a, b) -> a + "," + b).orElse(null);
            out.append(f.word()).append("  (cluster").append(f.defaultCluster()).append(" unless --cluster)")
                    .append(on == null ? "" : "  IN FORCE on " + on).append('\n');
            out.append(indented(f.breaks()));
        }
        consoles.current().print(out.toString());
    }

    @Command(name = {"sim", "fault", "clear"}, group = "Sim", completionProvider = "faultNames",
            description = "Undo a fault (or every fault in force)")
    public void clear(@Argument(index = 0, description = "the fault to undo (default: all)") String name) {
        faults.clear(name == null || name.isBlank() ? null : name).forEach(consoles.current()::println);
    }

    /** The description under its fault, indented, wrapped at word boundaries to 100 columns. */
    private static String indented(String text) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder("   ");
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > 100) {
                out.append(line).append('\n');
                line = new StringBuilder("   ");
            }
            line.append(' ').append(word);
        }
        return out.append(line).append('\n').toString();
    }
}
