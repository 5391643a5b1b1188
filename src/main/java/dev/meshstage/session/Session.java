package dev.meshstage.session;

import dev.meshstage.Invocation;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The live context of the shell: which backend, which cluster is current. */
@Component
public class Session implements AutoCloseable {

    private final Invocation invocation;
    private volatile String currentCluster;

    public Session(Invocation invocation) {
        this.invocation = invocation;
    }

    public String backendName() {
        return invocation.backend();
    }

    public Optional<String> currentCluster() {
        return Optional.ofNullable(currentCluster);
    }

    public void use(String cluster) {
        this.currentCluster = cluster;
    }

    @Override
    public void close() {
    }
}
