package dev.meshstage.workshop;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node of a workshop YAML file that remembers where it came from, so every validation message can say
 * "configs/kind/cluster1-config.yaml line 8: networking.podSubnet …". SnakeYAML's node graph is used
 * (rather than a data-binding tree) because it keeps the line of every node.
 */
final class YamlNode {

    private final String file;
    private final String path;
    private final Node node;

    private YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** All documents of {@code file}; {@code file} is named relative to {@code workshopDir} in messages. */
    static List<YamlNode> readAll(Path workshopDir, Path file) {
        String name = workshopDir.relativize(file).toString();
        LoadSettings settings = LoadSettings.builder().setLabel(name).build();
        List<YamlNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Node document : new Compose(settings).composeAllFromReader(reader)) {
                documents.add(new YamlNode(name, "", document));
            }
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            String where = mark == null ? name : name + " line " + (mark.getLine() + 1);
            throw new ConfigException(where + ": malformed YAML (" + e.getProblem().trim() + "); fix the syntax there");
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": malformed YAML (" + e.getMessage().trim() + "); fix the syntax");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + name + ": " + e.getMessage());
        }
        return documents;
    }

    String file() {
        return file;
    }

    int line() {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** The value under {@code key} when this node is a mapping that has it. */
    Optional<YamlNode> get(String key) {
        if (!(node instanceof MappingNode mapping)) {
            return Optional.empty();
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                return Optional.of(new YamlNode(file, path.isEmpty() ? key : path + "." + key, tuple.getValueNode()));
            }
        }
        return Optional.empty();
    }

    /** The value at a dotted path such as {@code values.global.network}. */
    Optional<YamlNode> at(String dottedPath) {
        Optional<YamlNode> current = Optional.of(this);
        for (String key : dottedPath.split("\\.")) {
            current = current.flatMap(n -> n.get(key));
        }
        return current;
    }

    YamlNode require(String dottedPath) {
        return at(dottedPath).orElseThrow(() -> error((path.isEmpty() ? "" : path + ": ") + dottedPath + " is missing"));
    }

    /** The text of a scalar node; anything else is an error naming the expected shape. */
    String text() {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw error(path + " should be a single value");
    }

    Optional<String> text(String dottedPath) {
        return at(dottedPath).map(YamlNode::text);
    }

    List<YamlNode> items() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(path + " should be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(file, path + "[" + i + "]", values.get(i)));
        }
        return items;
    }

    /** An error located at this node, e.g. {@code configs/kind/cluster1-config.yaml line 8: <problem>}. */
    ConfigException error(String problem) {
        return new ConfigException(file + (line() > 0 ? " line " + line() : "") + ": " + problem);
    }

    String path() {
        return path;
    }
}
