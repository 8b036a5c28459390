package dev.weft.definitions;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.Reader;
import java.io.StringReader;

/**
 * YAML read as nodes that remember where they stand, so that a complaint about a hand-edited file can
 * name its line: by node (readers walking the nodes) or by JSON Pointer (readers of the parsed tree).
 */
public final class YamlLines {

    private YamlLines() {
    }

    /**
     * The document's root node (null for an empty document). Only composes: builds no objects, so no
     * tag in the file can make it run code.
     *
     * @throws RuntimeException (snakeyaml's) when the text is not YAML
     */
    public static Node compose(Reader yaml) {
        return new Yaml(new LoaderOptions()).compose(yaml);
    }

    /** 1-based line a node starts on. */
    public static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    /** 1-based line of the deepest node the pointer reaches (the document start when nothing matches). */
    public static int lineOf(String yaml, String pointer) {
        Node node;
        try {
            node = compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            return 1;
        }
        if (node == null) {
            return 1;
        }
        int line = line(node);
        if (pointer.isEmpty()) {
            return line;
        }
        for (String raw : pointer.substring(1).split("/")) {
            String part = JsonPointers.unescape(raw);
            Node next = null;
            if (node instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(part)) {
                        next = t.getValueNode();
                        line = line(t.getKeyNode());
                    }
                }
            } else if (node instanceof SequenceNode s && part.matches("\\d+") && Integer.parseInt(part) < s.getValue().size()) {
                next = s.getValue().get(Integer.parseInt(part));
                line = line(next);
            }
            if (next == null) {
                return line;
            }
            node = next;
        }
        return line;
    }
}
