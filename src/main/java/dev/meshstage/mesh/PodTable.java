package dev.meshstage.mesh;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * All pods of a cluster as the API server's own tables (what {@code kubectl get pods} asks for): the server
 * computes READY and STATUS, and the answer is a fraction of the full objects' size — which is what keeps
 * {@code status} quick with thousands of pods. Works against any kube-apiserver.
 */
public final class PodTable {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";

    public record Row(String namespace, String name, int readyContainers, int containers, String status) {
        public boolean ready() {
            return containers > 0 && readyContainers == containers && "Running".equals(status);
        }

        public boolean completed() {
            return "Completed".equals(status);
        }
    }

    private PodTable() {
    }

    /**
     * One table per namespace, read side by side, without the objects' metadata: several small answers are
     * cheaper than one table carrying every pod's metadata just for its namespace.
     */
    public static List<Row> read(KubernetesClient client) {
        List<String> namespaces = client.namespaces().list().getItems().stream().map(n -> n.getMetadata().getName())
                .sorted().toList();
        List<java.util.concurrent.CompletableFuture<List<Row>>> reads = namespaces.stream()
                .map(ns -> dev.meshstage.Async.supply(() -> read(client, ns))).toList();
        List<Row> rows = new ArrayList<>();
        for (var r : reads) {
            try {
                rows.addAll(r.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof KubernetesClientException k ? k : e;
            }
        }
        return rows;
    }

    private static List<Row> read(KubernetesClient client, String namespace) {
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + namespace
                + "/pods?includeObject=None";
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
        if (response.code() != 200) {
            throw new KubernetesClientException("reading pods failed with HTTP " + response.code(), response.code(), null);
        }
        JsonNode table = Serialization.jsonMapper().readTree(response.body());
        int nameCol = -1;
        int readyCol = -1;
        int statusCol = -1;
        JsonNode columns = table.path("columnDefinitions");
        for (int i = 0; i < columns.size(); i++) {
            switch (columns.get(i).path("name").asString()) {
                case "Name" -> nameCol = i;
                case "Ready" -> readyCol = i;
                case "Status" -> statusCol = i;
                default -> { }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode row : table.path("rows")) {
            JsonNode cells = row.path("cells");
            String[] ready = cells.path(readyCol).asString("0/0").split("/");
            rows.add(new Row(namespace, cells.path(nameCol).asString(), parse(ready[0]), ready.length > 1 ? parse(ready[1]) : 0,
                    cells.path(statusCol).asString("")));
        }
        return rows;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
