package dev.weft.models;

import dev.weft.WeftException;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which models a command works on, in dbt's selector syntax: {@code name}, {@code name+} (and its
 * descendants), {@code +name} (and its ancestors), {@code +name+}, {@code source:weft+} (models that
 * read source {@code weft}, and their descendants), {@code source:weft.profiles}. Terms are unions;
 * {@code exclude} is removed afterwards. No terms select every model.
 */
public record Selection(List<String> select, List<String> exclude) {

    public static final Selection ALL = new Selection(List.of(), List.of());

    public Selection {
        select = split(select);
        exclude = split(exclude);
    }

    public static Selection of(String... select) {
        return new Selection(List.of(select), List.of());
    }

    public static Selection excluding(String... exclude) {
        return new Selection(List.of(), List.of(exclude));
    }

    /** The selected model names, in run order. */
    public List<String> resolve(ModelProject project) {
        Set<String> chosen = select.isEmpty() ? project.graph().all() : union(project, select, "--select");
        chosen.removeAll(union(project, exclude, "--exclude"));
        return project.graph().ordered(chosen);
    }

    private static Set<String> union(ModelProject project, List<String> terms, String option) {
        Set<String> out = new LinkedHashSet<>();
        for (String term : terms) {
            out.addAll(resolveTerm(project, term, option));
        }
        return out;
    }

    private static Set<String> resolveTerm(ModelProject project, String term, String option) {
        boolean ancestors = term.startsWith("+");
        boolean descendants = term.endsWith("+");
        String core = term.substring(ancestors ? 1 : 0, term.length() - (descendants ? 1 : 0));
        Set<String> roots = new LinkedHashSet<>();
        if (core.startsWith("source:")) {
            String source = core.substring("source:".length());
            for (Model m : project.models().values()) {
                if (m.sources().stream().anyMatch(s -> s.equals(source) || s.startsWith(source + "."))) {
                    roots.add(m.name());
                }
            }
            if (project.sources().keySet().stream().noneMatch(s -> s.equals(source) || s.startsWith(source + "."))) {
                throw new WeftException(option + " '" + term + "': no source '" + source + "' is declared in models/*.yml");
            }
        } else {
            if (!project.models().containsKey(core)) {
                throw new WeftException(option + " '" + term + "': no model named '" + core + "' in models/");
            }
            roots.add(core);
        }
        Set<String> out = new LinkedHashSet<>(roots);
        for (String r : roots) {
            if (descendants) {
                out.addAll(project.graph().descendants(r));
            }
            if (ancestors) {
                out.addAll(project.graph().ancestors(r));
            }
        }
        return out;
    }

    private static List<String> split(List<String> terms) {
        return terms == null ? List.of() : terms.stream()
                .flatMap(t -> Arrays.stream(t.split("[\\s,]+"))).filter(t -> !t.isBlank()).toList();
    }

    @Override
    public String toString() {
        String s = select.isEmpty() ? "all" : String.join(" ", select);
        return exclude.isEmpty() ? s : s + " --exclude " + String.join(" ", exclude);
    }
}
