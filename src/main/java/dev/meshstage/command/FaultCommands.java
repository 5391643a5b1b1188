package dev.meshstage.command;

import dev.meshstage.render.Table;
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
        consoles.current().println("next: doctor, trace " + Fault.of(name).map(f -> f.traceFrom() + " " + f.traceTo()).orElse("")
                + "; sim fault clear puts it back");
    }

    @Command(name = {"sim", "fault", "list"}, group = "Sim", description = "The faults the sim can introduce, what each breaks, and which are in force")
    public void list() {
        var active = faults.active();
        Table t = new Table("FAULT", "CLUSTER", "IN FORCE", "BREAKS");
        for (Fault f : Fault.values()) {
            String on = active.stream().filter(a -> a.fault() == f).map(SimFaults.Active::cluster).reduce((a, b) -> a + "," + b).orElse("-");
            t.row(f.word(), "cluster" + f.defaultCluster(), on, f.breaks());
        }
        consoles.current().print(t.render());
    }

    @Command(name = {"sim", "fault", "clear"}, group = "Sim", completionProvider = "faultNames",
            description = "Undo a fault (or every fault in force)")
    public void clear(@Argument(index = 0, description = "the fault to undo (default: all)") String name) {
        faults.clear(name == null || name.isBlank() ? null : name).forEach(consoles.current()::println);
    }
}
