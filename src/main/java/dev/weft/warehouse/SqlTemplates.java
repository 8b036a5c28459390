package dev.weft.warehouse;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.weft.WeftException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the statement templates in {@code sql/} (on the classpath as {@code /sql/...}) for one
 * dialect. A template {@code identity/round.sql} is overridden for an engine by a sibling
 * {@code identity/round.<engine>.sql}. Templates see {@code d} (the {@link Dialect}, for
 * {@code d.ident(...)}, {@code d.hash64(...)} and friends) plus the variables the caller passes, which
 * are identifiers and numbers Weft produced itself, never user values: those travel as binds.
 *
 * <p>A file may hold several small statements as named sections, addressed as
 * {@code identity/run.sql#count}: each starts at a line {@code -- name: count} and runs to the next such
 * line; what comes before the first section (a comment, macros) is part of every section. An engine's
 * sibling file overrides a section by holding one of the same name; sections it does not hold come
 * from the common file. A file of sections asked for whole ({@link #statements} without {@code #}) is its
 * sections in the common file's order, so an engine can replace one statement of a longer file.
 */
public final class SqlTemplates {

    /** A variable's text is output as it is, never rendered again: it may hold SQL with braces of its own. */
    private static final Jinjava JINJA = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true)
            .withNestedInterpretationEnabled(false).build());
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();
    private static final Pattern SECTION = Pattern.compile("(?m)^-- name: *(\\S+)[ \t]*$");
    private static final Map<String, Map<String, String>> SECTIONS = new ConcurrentHashMap<>();

    private SqlTemplates() {
    }

    /**
     * Renders {@code sql/<path>} (or one section of it, {@code <path>#<section>}) for the dialect; statements
     * are split on lines holding only {@code ;}.
     */
    public static List<String> statements(Dialect dialect, String path, Map<String, ?> vars) {
        if (path.indexOf('#') < 0 && !sections(path).isEmpty()) {
            // A file of sections, asked for whole: its sections in order, each from the engine's file where it has one.
            List<String> all = new java.util.ArrayList<>();
            for (String name : sections(path).keySet()) {
                all.addAll(split(render(dialect, path + "#" + name, vars)));
            }
            return all;
        }
        return split(render(dialect, path, vars));
    }

    private static List<String> split(String text) {
        return java.util.Arrays.stream(text.split("(?m)^\\s*;\\s*$"))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** Renders one template (or section) to text. */
    public static String render(Dialect dialect, String path, Map<String, ?> vars) {
        int hash = path.indexOf('#');
        String source = hash < 0 ? source(dialect, path) : section(dialect, path.substring(0, hash), path.substring(hash + 1));
        return renderSource(dialect, path, source, vars);
    }

    private static String renderSource(Dialect dialect, String path, String source, Map<String, ?> vars) {
        Map<String, Object> context = new HashMap<>(vars);
        context.put("d", dialect);
        context.put("dialect", dialect.name());
        RenderResult result = JINJA.renderForResult(source, context);
        List<TemplateError> errors = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!errors.isEmpty()) {
            TemplateError e = errors.get(0);
            throw new WeftException("sql/" + path + " line " + e.getLineno() + ": " + e.getMessage());
        }
        return result.getOutput().strip();
    }

    /**
     * The text of a section with the file's preamble, the lines in between blank, so that an error's line
     * number is the file's. The engine's sibling file is searched first.
     */
    private static String section(Dialect dialect, String path, String name) {
        String found = sections(specific(dialect, path)).get(name);
        if (found == null) {
            found = sections(path).get(name);
        }
        if (found == null) {
            throw new WeftException("missing statement '" + name + "' in sql/" + path);
        }
        return found;
    }

    private static Map<String, String> sections(String path) {
        return SECTIONS.computeIfAbsent(path, p -> {
            String text = SOURCES.computeIfAbsent(p, SqlTemplates::read);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            Matcher m = SECTION.matcher(text);
            List<int[]> starts = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            while (m.find()) {
                starts.add(new int[]{m.start(), m.end()});
                names.add(m.group(1));
            }
            if (starts.isEmpty()) {
                return out;
            }
            String preamble = text.substring(0, starts.get(0)[0]);
            for (int i = 0; i < starts.size(); i++) {
                int from = starts.get(i)[0];
                int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
                String between = text.substring(preamble.length(), from).replaceAll("[^\\n]", "");
                String body = text.substring(starts.get(i)[1], to);
                if (out.put(names.get(i), preamble + between + body) != null) {
                    throw new WeftException("sql/" + p + " has two statements named '" + names.get(i) + "'");
                }
            }
            return out;
        });
    }

    private static String specific(Dialect dialect, String path) {
        int dot = path.lastIndexOf('.');
        return path.substring(0, dot) + "." + dialect.name() + path.substring(dot);
    }

    private static String source(Dialect dialect, String path) {
        String found = SOURCES.computeIfAbsent(specific(dialect, path), SqlTemplates::read);
        if (found.isEmpty()) {
            found = SOURCES.computeIfAbsent(path, SqlTemplates::read);
        }
        if (found.isEmpty()) {
            throw new WeftException("missing statement template sql/" + path);
        }
        return found;
    }

    private static String read(String path) {
        try (InputStream in = SqlTemplates.class.getResourceAsStream("/sql/" + path)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WeftException("cannot read sql/" + path + ": " + e.getMessage(), e);
        }
    }
}
