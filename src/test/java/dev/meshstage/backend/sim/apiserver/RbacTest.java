package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ObjectStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule matching and binding resolution of the authorizer, over the bootstrap policy plus hand-built roles. */
class RbacTest {

    static Rbac.Attributes res(String verb, String group, String resource, String sub, String ns, String name) {
        return new Rbac.Attributes(verb, group, resource, sub, ns, name, null);
    }

    @Test
    void ruleMatching() {
        var rule = ApiServerFixture.obj("{'verbs':['get','update'],'apiGroups':['apps'],'resources':['deployments','*/scale'],'resourceNames':['web']}");
        assertThat(Rbac.matchesResource(rule, res("get", "apps", "deployments", "", "d", "web"))).isTrue();
        assertThat(Rbac.matchesResource(rule, res("update", "apps", "statefulsets", "scale", "d", "web"))).isTrue();
        assertThat(Rbac.matchesResource(rule, res("get", "apps", "deployments", "", "d", "other"))).isFalse();
        assertThat(Rbac.matchesResource(rule, res("list", "apps", "deployments", "", "d", ""))).as("resourceNames never allow a list").isFalse();
        assertThat(Rbac.matchesResource(rule, res("get", "", "deployments", "", "d", "web"))).isFalse();
        assertThat(Rbac.matchesResource(rule, res("delete", "apps", "deployments", "", "d", "web"))).isFalse();
        var urls = ApiServerFixture.obj("{'verbs':['get'],'nonResourceURLs':['/healthz','/apis/*']}");
        assertThat(Rbac.matchesNonResource(urls, new Rbac.Attributes("get", "", "", "", "", "", "/apis/apps/v1"))).isTrue();
        assertThat(Rbac.matchesNonResource(urls, new Rbac.Attributes("get", "", "", "", "", "", "/healthz/etcd"))).isFalse();
        assertThat(Rbac.matchesNonResource(urls, new Rbac.Attributes("post", "", "", "", "", "", "/healthz"))).isFalse();
    }

    @Test
    void aSavedClusterOfAnOlderBuildGetsTheNewDefaultPermissionsAndKeepsItsOwn() {
        ObjectStore store = ApiServerFixture.newStore("rbac-upgrade");
        BootstrapPolicy.ensure(store);
        var roles = store.registry().require("rbac.authorization.k8s.io/v1", "ClusterRole");
        var bindings = store.registry().require("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
        tools.jackson.databind.node.ObjectNode view = store.find(roles, "", "system:discovery").deepCopy();
        var policyRules = view.get("rules").deepCopy();
        view.putArray("rules").addObject().putArray("nonResourceURLs").add("/mine");
        store.update(roles, "", "system:discovery", view);
        tools.jackson.databind.node.ObjectNode pinned = store.find(roles, "", "system:basic-user").deepCopy();
        ((tools.jackson.databind.node.ObjectNode) pinned.get("metadata").get("annotations")).put("rbac.authorization.kubernetes.io/autoupdate", "false");
        pinned.putArray("rules");
        store.update(roles, "", "system:basic-user", pinned);
        store.delete(bindings, "", "system:discovery", null, null, null);
        long before = store.resourceVersion();

        BootstrapPolicy.ensure(store); // as the API server does when a saved cluster starts again
        assertThat(store.find(bindings, "", "system:discovery")).as("a missing binding is made").isNotNull();
        var rules = store.find(roles, "", "system:discovery").get("rules");
        assertThat(rules.get(0).path("nonResourceURLs").get(0).asString()).as("its own rule stays").isEqualTo("/mine");
        for (var r : policyRules) {
            assertThat(rules.valueStream().anyMatch(r::equals)).as("the policy's rule %s is added", r).isTrue();
        }
        assertThat(store.find(roles, "", "system:basic-user").get("rules")).as("autoupdate false: left alone").isEmpty();
        long after = store.resourceVersion();
        assertThat(after).isGreaterThan(before);
        BootstrapPolicy.ensure(store);
        assertThat(store.resourceVersion()).as("twice is once").isEqualTo(after);
    }

    @Test
    void bindingsAggregationAndReasons() {
        ObjectStore store = ApiServerFixture.newStore("rbac");
        BootstrapPolicy.ensure(store);
        Rbac rbac = new Rbac(store);
        Rbac.Decision admin = rbac.authorize(UserInfo.of(Authenticator.ADMIN), res("delete", "", "nodes", "", "", "n1"));
        assertThat(admin.allowed()).isTrue();
        assertThat(admin.reason()).isEqualTo("RBAC: allowed by ClusterRoleBinding \"kubeadm:cluster-admins\" of ClusterRole \"cluster-admin\" "
                + "to Group \"kubeadm:cluster-admins\"");

        UserInfo robot = UserInfo.of("system:serviceaccount:demo:robot");
        assertThat(robot.groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:demo", "system:authenticated");
        assertThat(rbac.authorize(robot, res("create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "")).allowed()).isTrue();
        assertThat(rbac.authorize(robot, res("get", "", "pods", "", "demo", "")).allowed()).isFalse();

        store.create(store.registry().require("v1", "Namespace"), "", ApiServerFixture.obj("{'metadata':{'name':'demo'}}"));
        store.create(store.registry().require("rbac.authorization.k8s.io/v1", "RoleBinding"), "demo", ApiServerFixture.obj(
                "{'metadata':{'name':'robot-edit'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'edit'},"
                        + "'subjects':[{'kind':'ServiceAccount','name':'robot'}]}"));
        Rbac.Decision edit = rbac.authorize(robot, res("get", "", "pods", "log", "demo", "web-1"));
        assertThat(edit.allowed()).as("edit aggregates view").isTrue();
        assertThat(edit.reason()).isEqualTo("RBAC: allowed by RoleBinding \"robot-edit/demo\" of ClusterRole \"edit\" to ServiceAccount \"robot/demo\"");
        assertThat(rbac.authorize(robot, res("create", "", "pods", "exec", "demo", "web-1")).allowed()).isTrue();
        assertThat(rbac.authorize(robot, res("create", "rbac.authorization.k8s.io", "roles", "", "demo", "")).allowed())
                .as("roles are admin's, not edit's").isFalse();
        assertThat(rbac.authorize(robot, res("get", "", "pods", "", "other", "")).allowed()).isFalse();
    }
}
