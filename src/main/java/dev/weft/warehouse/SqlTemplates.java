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
import java.util.stream.Collectors;

/**
 * Renders the statement templates in {@code sql/} (on the classpath as {@code /sql/...}) for one
 * dialect. A template {@code identity/round.sql} is overridden for an engine by a sibling
 * {@code identity/round.<engine>.sql}. Templates see {@code d} (the {@link Dialect}, for
 * {@code d.ident(...)}, {@code d.hash64(...)} and friends) plus the variables the caller passes, which
 * are identifiers and numbers Weft produced itself, never user values: those travel as binds.
 */
public final class SqlTemplates {

    private static final Jinjava JINJA = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
    private static final Map<String, String> SOURCES = new ConcurrentHashMap<>();

    private SqlTemplates() {
    }

    /** Renders {@code sql/<path>} for the dialect; statements are split on lines holding only {@code ;}. */
    public static List<String> statements(Dialect dialect, String path, Map<String, ?> vars) {
        String text = render(dialect, path, vars);
        return java.util.Arrays.stream(text.split("(?m)^\\s*;\\s*$"))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
    }

    /** Renders one template to text. */
    public static String render(Dialect dialect, String path, Map<String, ?> vars) {
        String source = source(dialect, path);
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

    private static String source(Dialect dialect, String path) {
        int dot = path.lastIndexOf('.');
        String specific = path.substring(0, dot) + "." + dialect.name() + path.substring(dot);
        String found = SOURCES.computeIfAbsent(specific, SqlTemplates::read);
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
