package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.mesh.doctor.DoctorReport;
import dev.meshstage.render.DoctorRenderer;
import dev.meshstage.session.DoctorService;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code doctor}: the checklist over every cluster of the mesh; a failed check fails the command (non-zero exit). */
@Component
public class DoctorCommands {

    private final DoctorService doctor;
    private final Consoles consoles;

    public DoctorCommands(DoctorService doctor, Consoles consoles) {
        this.doctor = doctor;
        this.consoles = consoles;
    }

    @Command(name = "doctor", group = "Look", completionProvider = "clusterNames",
            description = "Check the mesh: clusters, load balancer, trust, istiod, gateways, remote secrets, sidecars, app")
    public void doctor(@Option(longName = "cluster", shortName = 'c', description = "only findings about this cluster") String cluster,
            @Option(longName = "json", description = "machine-readable output") boolean json) {
        DoctorReport report = doctor.examine(cluster);
        Console console = consoles.current();
        console.print(json ? DoctorRenderer.json(report) : DoctorRenderer.render(report, console.color(), console.wrapWidth()));
        if (!report.ok()) {
            throw new BackendException("doctor: " + report.failed().size() + " of " + report.checks().size()
                    + " checks failed (" + String.join(", ", report.failed().stream().map(c -> c.id()).toList()) + ")");
        }
    }
}
