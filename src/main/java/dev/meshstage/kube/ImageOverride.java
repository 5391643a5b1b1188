package dev.meshstage.kube;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry of a kustomization's {@code images:} list: every container image whose name is
 * {@code name} (with or without a tag or digest) gets {@code newName}, {@code newTag} and/or
 * {@code digest}. Empty strings mean "keep". A new tag drops the old digest and a new digest drops the
 * old tag, as in kustomize.
 */
record ImageOverride(String name, String newName, String newTag, String digest) {

    /** Tags and digests as kustomize matches them after the name ({@code IsImageMatched}). */
    private static final String SUFFIX = "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?";

    /**
     * Rewrites the images of every container and init container in {@code object}. Like kustomize,
     * this looks for {@code containers}/{@code initContainers} lists anywhere in the object, not only
     * in pod templates, so Pods, Jobs, CronJobs and custom resources embedding pod specs are covered.
     * (kustomize then runs a second, field-spec pass over the usual pod paths; for name/tag/digest
     * overrides that pass changes nothing the first did not, so it is not repeated here.)
     */
    void apply(ObjectNode object) {
        if (Gvk.of(object).kind().equals("CustomResourceDefinition")) {
            return; // kustomize leaves CRD schemas alone (kustomize#890)
        }
        // kustomize pastes the name into its regex unquoted, so a '.' there matches any character;
        // quoting it here differs only for names that differ from a real one in exactly those places
        walk(object, Pattern.compile(Pattern.quote(name) + SUFFIX));
    }

    private void walk(JsonNode node, Pattern matcher) {
        if (node instanceof ArrayNode list) {
            list.forEach(element -> walk(element, matcher));
        } else if (node instanceof ObjectNode map) {
            for (Map.Entry<String, JsonNode> field : map.properties()) {
                walk(field.getValue(), matcher);
                boolean containerList = field.getKey().equals("containers") || field.getKey().equals("initContainers");
                if (containerList && field.getValue() instanceof ArrayNode containers) {
                    containers.forEach(container -> rewrite(container, matcher));
                }
            }
        }
    }

    private void rewrite(JsonNode container, Pattern matcher) {
        if (!(container instanceof ObjectNode fields)) {
            return;
        }
        JsonNode image = fields.path("image");
        if (!image.isString() || !matcher.matcher(image.stringValue()).matches()) {
            return;
        }
        String[] parts = split(image.stringValue());
        String imageName = newName.isEmpty() ? parts[0] : newName;
        String tag = parts[1];
        String imageDigest = parts[2];
        if (!newTag.isEmpty()) {
            tag = newTag;
            imageDigest = digest;
        } else if (!digest.isEmpty()) {
            tag = "";
            imageDigest = digest;
        }
        fields.put("image", imageName + (tag.isEmpty() ? "" : ":" + tag) + (imageDigest.isEmpty() ? "" : "@" + imageDigest));
    }

    /**
     * Name, tag and digest of an image reference; a colon before the first slash is a registry port,
     * not a tag (kustomize's {@code image.Split}).
     */
    static String[] split(String image) {
        int slash = Math.max(image.indexOf('/'), 0);
        String searched = image.substring(slash);
        int at = searched.indexOf('@');
        int colon = searched.indexOf(':');
        if (at < 0 && colon < 0) {
            return new String[] {image, "", ""};
        }
        if (at >= 0 && (colon < 0 || at < colon)) {
            return new String[] {image.substring(0, slash + at), "", image.substring(slash + at + 1)};
        }
        if (at >= 0) {
            return new String[] {image.substring(0, slash + colon), image.substring(slash + colon + 1, slash + at),
                    image.substring(slash + at + 1)};
        }
        return new String[] {image.substring(0, slash + colon), image.substring(slash + colon + 1), ""};
    }
}
