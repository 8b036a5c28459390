package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.definitions.Suggestions;
import dev.weft.definitions.YamlLines;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML file read as nodes, so that every complaint about its content can name the file and line.
 */
final class YamlFile {

    final String file;
    final Node root;

    private YamlFile(String file, Node root) {
        this.file = file;
        this.root = root;
    }

    static YamlFile read(Path path, String file) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return new YamlFile(file, YamlLines.compose(reader));
        } catch (IOException e) {
            throw new WeftException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new WeftException(file + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    WeftException error(Node node, String message) {
        return new WeftException(where(node) + ": " + message);
    }

    /** {@code models/schema.yml line 12, column 5}: where {@code node} is. */
    String where(Node node) {
        return file + " line " + YamlLines.line(node) + ", column " + (node.getStartMark().getColumn() + 1);
    }

    /**
     * Adds a problem for each key of mapping {@code node} that is none of {@code allowed} (dbt's properties of
     * {@code what}), with a "did you mean": a misspelt {@code colums:} would otherwise drop its tests silently.
     */
    void unknownKeys(Node node, Collection<String> allowed, String what, List<String> problems) {
        if (!(node instanceof MappingNode m)) {
            return;
        }
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode key && !allowed.contains(key.getValue())) {
                problems.add(error(key, "'" + key.getValue() + "' is not a property of " + what
                        + Suggestions.didYouMean(key.getValue(), allowed)).getMessage());
            }
        }
    }

    /** The entries of a mapping node, keyed by their scalar keys, in file order. */
    Map<String, Node> mapping(Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw error(node, what + " must be a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            out.put(scalar(t.getKeyNode(), "a key"), t.getValueNode());
        }
        return out;
    }

    List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, what + " must be a list");
        }
        return s.getValue();
    }

    String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, what + " must be a plain value");
        }
        return s.getValue();
    }

    Optional<Node> root() {
        return Optional.ofNullable(root);
    }
}
