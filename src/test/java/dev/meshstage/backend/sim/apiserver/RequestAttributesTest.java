package dev.meshstage.backend.sim.apiserver;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests read as the authorizer's attributes, case by case as kube-apiserver's RequestInfoFactory reads them. */
class RequestAttributesTest {

    static Rbac.Attributes of(String method, String path) {
        return RequestAttributes.of(method, path, Map.of());
    }

    static Rbac.Attributes res(String verb, String group, String resource, String sub, String ns, String name) {
        return new Rbac.Attributes(verb, group, resource, sub, ns, name, null);
    }

    @Test
    void resourceRequests() {
        assertThat(of("GET", "/api/v1/namespaces/demo/pods")).isEqualTo(res("list", "", "pods", "", "demo", ""));
        assertThat(of("GET", "/api/v1/namespaces/demo/pods/web-1")).isEqualTo(res("get", "", "pods", "", "demo", "web-1"));
        assertThat(of("GET", "/api/v1/namespaces/demo/pods/web-1/log")).isEqualTo(res("get", "", "pods", "log", "demo", "web-1"));
        assertThat(of("POST", "/apis/apps/v1/namespaces/demo/deployments")).isEqualTo(res("create", "apps", "deployments", "", "demo", ""));
        assertThat(of("PUT", "/apis/apps/v1/namespaces/demo/deployments/web/scale"))
                .isEqualTo(res("update", "apps", "deployments", "scale", "demo", "web"));
        assertThat(of("PATCH", "/apis/apps/v1/namespaces/demo/deployments/web")).isEqualTo(res("patch", "apps", "deployments", "", "demo", "web"));
        assertThat(of("DELETE", "/api/v1/namespaces/demo/pods/web-1")).isEqualTo(res("delete", "", "pods", "", "demo", "web-1"));
        assertThat(of("DELETE", "/api/v1/namespaces/demo/pods")).isEqualTo(res("deletecollection", "", "pods", "", "demo", ""));
        assertThat(of("GET", "/api/v1/nodes")).isEqualTo(res("list", "", "nodes", "", "", ""));
        assertThat(of("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin"))
                .isEqualTo(res("get", "rbac.authorization.k8s.io", "clusterroles", "", "", "admin"));
    }

    @Test
    void namespacesAreTheirOwnNamespace() {
        assertThat(of("GET", "/api/v1/namespaces")).isEqualTo(res("list", "", "namespaces", "", "", ""));
        assertThat(of("GET", "/api/v1/namespaces/demo")).isEqualTo(res("get", "", "namespaces", "", "demo", "demo"));
        assertThat(of("PUT", "/api/v1/namespaces/demo/finalize")).isEqualTo(res("update", "", "namespaces", "finalize", "demo", "demo"));
        assertThat(of("DELETE", "/api/v1/namespaces/demo")).isEqualTo(res("delete", "", "namespaces", "", "demo", "demo"));
    }

    @Test
    void watchesAndSelectedNames() {
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/demo/pods", Map.of("watch", "true")))
                .isEqualTo(res("watch", "", "pods", "", "demo", ""));
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/demo/pods", Map.of("watch", "1", "fieldSelector", "metadata.name=web-1")))
                .isEqualTo(res("watch", "", "pods", "", "demo", "web-1"));
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/demo/pods", Map.of("fieldSelector", "status.phase=Running,metadata.name==a")))
                .isEqualTo(res("list", "", "pods", "", "demo", "a"));
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/demo/pods", Map.of("fieldSelector", "metadata.name!=a")))
                .isEqualTo(res("list", "", "pods", "", "demo", ""));
        assertThat(of("GET", "/api/v1/watch/namespaces/demo/pods")).isEqualTo(res("watch", "", "pods", "", "demo", ""));
        assertThat(RequestAttributes.of("GET", "/api/v1/namespaces/demo/pods/web-1", Map.of("watch", "true")))
                .as("a GET of one object stays a get").isEqualTo(res("get", "", "pods", "", "demo", "web-1"));
    }

    @Test
    void streamsAskForCreateEvenOverAWebSocketGet() {
        assertThat(of("GET", "/api/v1/namespaces/demo/pods/web-1/exec")).isEqualTo(res("create", "", "pods", "exec", "demo", "web-1"));
        assertThat(of("POST", "/api/v1/namespaces/demo/pods/web-1/attach")).isEqualTo(res("create", "", "pods", "attach", "demo", "web-1"));
        assertThat(of("GET", "/api/v1/namespaces/demo/pods/web-1/portforward"))
                .isEqualTo(res("create", "", "pods", "portforward", "demo", "web-1"));
    }

    @Test
    void discoveryAndOtherPathsAreNonResourceRequests() {
        for (String path : new String[] {"/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/version", "/openapi/v3", "/metrics"}) {
            Rbac.Attributes a = of("GET", path);
            assertThat(a.resourceRequest()).as(path).isFalse();
            assertThat(a.verb()).isEqualTo("get");
            assertThat(a.path()).isEqualTo(path);
        }
        assertThat(of("POST", "/logs").verb()).isEqualTo("post");
        assertThat(of("HEAD", "/version").verb()).isEqualTo("get");
    }

    @Test
    void forbiddenAsKubeApiserverWordsIt() {
        String u = "system:serviceaccount:demo:viewer";
        assertThat(ApiStatus.forbidden(res("list", "", "pods", "", "demo", ""), u).path("message").asString())
                .isEqualTo("pods is forbidden: User \"system:serviceaccount:demo:viewer\" cannot list resource \"pods\" in API group \"\" "
                        + "in the namespace \"demo\"");
        var named = ApiStatus.forbidden(res("create", "", "pods", "exec", "demo", "web-1"), u);
        assertThat(named.path("message").asString()).isEqualTo("pods \"web-1\" is forbidden: User \"system:serviceaccount:demo:viewer\" "
                + "cannot create resource \"pods/exec\" in API group \"\" in the namespace \"demo\"");
        assertThat(named.path("reason").asString()).isEqualTo("Forbidden");
        assertThat(named.path("code").asInt()).isEqualTo(403);
        assertThat(named.at("/details/name").asString()).isEqualTo("web-1");
        assertThat(named.at("/details/kind").asString()).isEqualTo("pods");
        var grouped = ApiStatus.forbidden(res("list", "apps", "deployments", "", "", ""), "bob");
        assertThat(grouped.path("message").asString()).isEqualTo("deployments.apps is forbidden: User \"bob\" cannot list resource "
                + "\"deployments\" in API group \"apps\" at the cluster scope");
        assertThat(grouped.at("/details/group").asString()).isEqualTo("apps");
        assertThat(ApiStatus.forbidden(new Rbac.Attributes("get", "", "", "", "", "", "/metrics"), "bob").path("message").asString())
                .isEqualTo("forbidden: User \"bob\" cannot get path \"/metrics\"");
    }
}
