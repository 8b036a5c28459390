package dev.weft.web.profiles;

import dev.weft.identity.IdentityGraphInspector;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An explain path laid out for the page's SVG: the identifiers top to bottom, each link between two of them
 * labelled with the source rows that made it (and, for a link a limit dropped, why).
 */
public record ExplainGraph(List<Node> nodes, List<Edge> edges, int width, int height) {

    static final int WIDTH = 760;
    static final int ROW = 96;
    static final int TOP = 28;
    static final int NODE_X = 24;
    static final int NODE_WIDTH = 460;
    static final int NODE_HEIGHT = 34;

    /** An identifier's box: {@code y} is its top. */
    public record Node(String label, int x, int y, int width, int height) {

        public int textX() {
            return x + 12;
        }

        public int textY() {
            return y + 22;
        }
    }

    /** A link from the box above to the box below, and what made it. */
    public record Edge(int x, int y1, int y2, String label, boolean dropped) {

        public int labelX() {
            return x + 16;
        }

        public int labelY() {
            return (y1 + y2) / 2 + 5;
        }
    }

    static ExplainGraph of(IdentityGraphInspector.Explanation explanation) {
        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        if (!explanation.linked() || explanation.path().isEmpty()) {
            return new ExplainGraph(nodes, edges, WIDTH, 0);
        }
        nodes.add(node(explanation.path().get(0).from().label(), 0));
        for (int i = 0; i < explanation.path().size(); i++) {
            IdentityGraphInspector.Step step = explanation.path().get(i);
            Node above = nodes.get(i);
            Node below = node(step.to().label(), i + 1);
            nodes.add(below);
            String rows = step.provenance().stream().map(p -> p.source() + " row " + p.rowKey()).distinct().limit(3)
                    .collect(Collectors.joining(", "));
            String more = step.provenance().size() > 3 ? " and " + (step.provenance().size() - 3) + " more" : "";
            edges.add(new Edge(NODE_X + 40, above.y() + NODE_HEIGHT, below.y(),
                    (step.dropped() != null ? "dropped (" + step.dropped() + "): " : "") + rows + more, step.dropped() != null));
        }
        return new ExplainGraph(nodes, edges, WIDTH, TOP + nodes.size() * ROW);
    }

    private static Node node(String label, int index) {
        return new Node(label, NODE_X, TOP + index * ROW, NODE_WIDTH, NODE_HEIGHT);
    }
}
