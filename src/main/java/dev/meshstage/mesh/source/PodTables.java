package dev.meshstage.mesh.source;

import dev.meshstage.Async;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.PodFact;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * All pods of a cluster as the API server's own tables (what {@code kubectl get pods -o wide} asks for), one small
 * table per namespace read side by side: the server works out READY, STATUS and RESTARTS, and the answer is a
 * fraction of the full objects' size — which keeps a snapshot quick with thousands of pods. With metadata each row
 * also carries the pod's labels and annotations ({@code includeObject=Metadata}, six times the bytes of the rows
 * alone); without, only the cells ({@code includeObject=None}: what {@code status} needs). Works against any
 * kube-apiserver.
 */
final class PodTables {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    private PodTables() {
    }

    static List<PodFact> read(KubernetesClient client, List<String> namespaces, boolean metadata) {
        List<CompletableFuture<List<PodFact>>> reads = namespaces.stream()
                .map(ns -> Async.supply(() -> read(client, ns, metadata))).toList();
        List<PodFact> pods = new ArrayList<>();
        for (var r : reads) {
            try {
                pods.addAll(r.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof KubernetesClientException k ? k : e;
            }
        }
        return pods;
    }

    private static List<PodFact> read(KubernetesClient client, String namespace, boolean metadata) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                + "/pods?includeObject=" + (metadata ? "Metadata" : "None");
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder().uri(url).header("Accept", TABLE).build();
        HttpResponse<byte[]> response;
        try {
            response = client.getHttpClient().sendAsync(request, byte[].class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted reading pods");
        } catch (ExecutionException e) {
            throw new KubernetesClientException("cannot read pods: " + e.getCause().getMessage(), e.getCause());
        }
        if (response.code() == 404) {
            return List.of(); // the namespace went away between the two reads
        }
        if (response.code() != 200) {
            throw new KubernetesClientException("reading pods failed with HTTP " + response.code(), response.code(), null);
        }
        JsonNode table = Serialization.jsonMapper().readTree(response.body());
        Map<String, Integer> col = new HashMap<>();
        JsonNode columns = table.path("columnDefinitions");
        for (int i = 0; i < columns.size(); i++) {
            col.put(columns.get(i).path("name").asString(), i);
        }
        List<PodFact> pods = new ArrayList<>();
        for (JsonNode row : table.path("rows")) {
            JsonNode cells = row.path("cells");
            String[] ready = cell(cells, col, "Ready", "0/0").split("/");
            JsonNode meta = row.path("object").path("metadata");
            PodFact pod = PodFact.row(namespace, cell(cells, col, "Name", meta.path("name").asString()), number(ready[0]),
                    ready.length > 1 ? number(ready[1]) : 0, cell(cells, col, "Status", ""),
                    number(cell(cells, col, "Restarts", "0").split(" ")[0]), address(cell(cells, col, "IP", null)),
                    address(cell(cells, col, "Node", null)));
            pods.add(metadata ? withMetadata(pod, meta) : pod);
        }
        return pods;
    }

    private static PodFact withMetadata(PodFact row, JsonNode meta) {
        Map<String, String> labels = strings(meta.path("labels"));
        Map<String, String> annotations = strings(meta.path("annotations"));
        return new PodFact(row.namespace(), row.name(), row.readyContainers(), row.containers(), row.status(), row.restarts(),
                row.ip(), row.node(), new PodFact.Metadata(labels, annotations.containsKey(PodFact.SIDECAR_STATUS_ANNOTATION),
                        labels.get(NamespaceFact.NETWORK), ObjectFacts.instant(meta.path("creationTimestamp").asString(null))),
                List.of());
    }

    private static String cell(JsonNode cells, Map<String, Integer> col, String name, String otherwise) {
        Integer i = col.get(name);
        if (i == null || cells.path(i).isNull() || cells.path(i).isMissingNode()) {
            return otherwise;
        }
        return cells.path(i).asString(otherwise);
    }

    /** The table prints {@code <none>} where there is nothing. */
    private static String address(String s) {
        return s == null || s.isEmpty() || s.equals("<none>") ? null : s;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> out = new HashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
