package dev.meshstage.mesh;

import dev.meshstage.Async;

import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Gathers {@link MeshStatus} from every cluster at once: the API state, and what each istiod reports. */
@Service
public class MeshStatusService {

    private final Session session;

    public MeshStatusService(Session session) {
        this.session = session;
    }

    public MeshStatus read(List<ClusterPlan> clusters) {
        List<CompletableFuture<MeshStatus.ClusterMesh>> reads = clusters.stream()
                .map(c -> Async.supply(() -> read(c))).toList();
        List<MeshStatus.ClusterMesh> meshes = reads.stream().map(CompletableFuture::join).toList();
        List<RemoteClusterStatus> remotes = new ArrayList<>();
        for (MeshStatus.ClusterMesh m : meshes) {
            if (m.reachable() && m.istiod() != null && !m.istiod().equals("not ready")) {
                try {
                    remotes.addAll(session.backend().remoteClusters(m.cluster()));
                } catch (BackendException e) {
                    remotes.add(new RemoteClusterStatus(m.cluster(), "?", "", "unknown", "", e.getMessage(), -1, List.of()));
                }
            }
        }
        boolean sameRoot = meshes.stream().allMatch(m -> m.rootFingerprint() != null)
                && meshes.stream().map(MeshStatus.ClusterMesh::rootFingerprint).filter(Objects::nonNull).distinct().count() == 1;
        return new MeshStatus(meshes, sameRoot, remotes);
    }

    private MeshStatus.ClusterMesh read(ClusterPlan c) {
        try {
            return MeshStatusReader.read(c.name(), session.client(c.name()));
        } catch (BackendException e) {
            return MeshStatus.ClusterMesh.unreachable(c.name(), e.getMessage());
        }
    }
}
