package dev.weft.syncs;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;

/** Finds the line of a JSON Pointer in a YAML text, so file errors can name file and line. */
final class YamlLines {

    private YamlLines() {
    }

    /** 1-based line of the deepest node the pointer reaches (the document start when nothing matches). */
    static int lineOf(String yaml, String pointer) {
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (RuntimeException e) {
            return 1;
        }
        if (node == null) {
            return 1;
        }
        int line = node.getStartMark().getLine() + 1;
        if (pointer.isEmpty()) {
            return line;
        }
        for (String raw : pointer.substring(1).split("/")) {
            String part = raw.replace("~1", "/").replace("~0", "~");
            Node next = null;
            if (node instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(part)) {
                        next = t.getValueNode();
                        line = t.getKeyNode().getStartMark().getLine() + 1;
                    }
                }
            } else if (node instanceof SequenceNode s && part.matches("\\d+") && Integer.parseInt(part) < s.getValue().size()) {
                next = s.getValue().get(Integer.parseInt(part));
                line = next.getStartMark().getLine() + 1;
            }
            if (next == null) {
                return line;
            }
            node = next;
        }
        return line;
    }
}
