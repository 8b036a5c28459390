package dev.weft.models;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.weft.warehouse.Dialect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders a model's Jinja for one warehouse dialect with dbt's core vocabulary: {@code ref},
 * {@code source}, {@code config}, {@code var}, {@code is_incremental()}, {@code this} and
 * {@code target} ({@code target.type} is the engine, for the rare SQL that differs), plus the macros
 * of {@code macros/*.sql}. HubSpot's Jinjava does the templating; the functions below only record
 * what the model uses and render names.
 * Problems are collected with the file and line they come from rather than thrown at the first.
 */
public final class ModelCompiler {

    private static final String SESSION = "__weft_model_session";
    private static final Jinjava JINJA = createEngine();

    private final Dialect dialect;
    private final String targetName;
    private final Map<String, SourceTable> sources;
    private final Map<String, String> vars;
    // Macro files are rendered ahead of each model (defining their macros); lines are mapped back to them.
    private final String macroText;
    private final List<MacroFile> macroFiles;

    /** A file of {@code {% macro %}} definitions, e.g. {@code macros/clean.sql}. */
    public record MacroFile(String file, String text) {
    }

    public ModelCompiler(Dialect dialect, String targetName, Map<String, SourceTable> sources, Map<String, String> vars) {
        this(dialect, targetName, sources, vars, List.of());
    }

    public ModelCompiler(Dialect dialect, String targetName, Map<String, SourceTable> sources, Map<String, String> vars,
                         List<MacroFile> macros) {
        this.dialect = dialect;
        this.targetName = targetName;
        this.sources = Map.copyOf(sources);
        this.vars = Map.copyOf(vars);
        this.macroFiles = List.copyOf(macros);
        StringBuilder text = new StringBuilder();
        for (MacroFile m : macros) {
            text.append(m.text()).append(m.text().endsWith("\n") ? "" : "\n");
        }
        this.macroText = text.toString();
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * Renders {@code template} (the text of {@code file}) as model {@code name}. {@code models} are the
     * names a {@code ref} may use; {@code incremental} is what {@code is_incremental()} answers.
     */
    public Result compile(String name, String file, String template, Set<String> models, boolean incremental) {
        Session session = new Session(this, file, models, incremental);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put(SESSION, session);
        bindings.put("this", new Relation(dialect.ident(name)));
        bindings.put("target", Map.of("type", dialect.name(), "name", targetName));
        RenderResult result = JINJA.renderForResult(macroText + template, bindings);
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                session.problem(e.getLineno(), e.getMessage());
            }
        }
        // A trailing ';' is habit from SQL editors; the SELECT is embedded in Weft's statements.
        String sql = result.getOutput().strip().replaceFirst("(\\s*;)+$", "");
        return new Result(sql, session.config, List.copyOf(session.refs),
                List.copyOf(session.sourcesUsed), List.copyOf(session.problems));
    }

    /**
     * A rendered model: its SQL, its config, the models and sources it reads and the problems found
     * (each {@code file line N: message}); the SQL is only meaningful when there are no problems.
     */
    public record Result(String sql, ModelConfig config, List<String> refs, List<String> sources, List<String> problems) {
    }

    /** {@code file line N} for a line of the rendered text, which starts with the macro files. */
    private String where(String file, int line) {
        int offset = 0;
        for (MacroFile m : macroFiles) {
            int lines = lineCount(m.text());
            if (line <= offset + lines) {
                return m.file() + " line " + (line - offset) + " (in " + file + ")";
            }
            offset += lines;
        }
        return file + " line " + (line - offset);
    }

    private static int lineCount(String text) {
        int n = (int) text.chars().filter(c -> c == '\n').count();
        return text.endsWith("\n") ? n : n + 1;
    }

    private static Jinjava createEngine() {
        Jinjava jinjava = new Jinjava(JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build());
        register(jinjava, "ref", Object[].class);
        register(jinjava, "source", Object[].class);
        register(jinjava, "config", Object[].class);
        register(jinjava, "var", Object[].class);
        register(jinjava, "is_incremental");
        return jinjava;
    }

    private static void register(Jinjava jinjava, String name, Class<?>... params) {
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition("", name, ModelCompiler.class, name, params));
    }

    private static Session session() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        return (Session) interpreter.getContext().get(SESSION);
    }

    private static int line() {
        return JinjavaInterpreter.getCurrent().getLineNumber();
    }

    // The functions models call. Jinjava needs them public and static; state lives in the session.

    public static Object ref(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.isEmpty() || positional.size() > 2) {
            s.problem(line(), "ref() takes a model name, e.g. ref('stg_orders')");
            return "";
        }
        String model = String.valueOf(positional.get(positional.size() - 1));
        if (!s.models.contains(model)) {
            s.problem(line(), "ref('" + model + "') names no model in models/");
            return "";
        }
        s.refs.add(model);
        return new Relation(s.compiler.dialect.ident(model));
    }

    public static Object source(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.size() != 2) {
            s.problem(line(), "source() takes a source and a table, e.g. source('raw', 'events')");
            return "";
        }
        String key = positional.get(0) + "." + positional.get(1);
        SourceTable table = s.compiler.sources.get(key);
        if (table == null) {
            s.problem(line(), "source('" + positional.get(0) + "', '" + positional.get(1)
                    + "') is not declared in models/sources.yml");
            return "";
        }
        s.sourcesUsed.add(key);
        Dialect d = s.compiler.dialect;
        String name = d.ident(table.identifier());
        return new Relation(table.schema() == null ? name : d.ident(table.schema()) + "." + name);
    }

    public static Object config(Object... args) {
        Session s = session();
        ModelConfig.Materialization materialized = s.config.materialized();
        List<String> uniqueKey = s.config.uniqueKey();
        for (Object arg : args) {
            if (!(arg instanceof NamedParameter p)) {
                s.problem(line(), "config() takes named arguments, e.g. config(materialized='table')");
                continue;
            }
            switch (p.getName()) {
                case "materialized" -> {
                    try {
                        materialized = ModelConfig.Materialization.valueOf(String.valueOf(p.getValue()).toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        s.problem(line(), "materialized='" + p.getValue() + "' is not one of view, table, incremental");
                    }
                }
                case "unique_key" -> uniqueKey = p.getValue() instanceof List<?> list
                        ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(p.getValue()));
                default -> s.problem(line(), "config(" + p.getName() + "=...) is not supported"
                        + " (supported: materialized, unique_key)");
            }
        }
        s.config = new ModelConfig(materialized, uniqueKey);
        return "";
    }

    public static Object var(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.isEmpty() || positional.size() > 2) {
            s.problem(line(), "var() takes a name and an optional default, e.g. var('lookback_days', 30)");
            return "";
        }
        String name = String.valueOf(positional.get(0));
        String value = s.compiler.vars.get(name);
        if (value != null) {
            return value;
        }
        if (positional.size() == 2) {
            return positional.get(1);
        }
        s.problem(line(), "var('" + name + "') has no value and no default (set it with --var " + name + "=...)");
        return "";
    }

    public static boolean is_incremental() {
        return session().incremental;
    }

    private static List<Object> positional(Object[] args) {
        List<Object> out = new ArrayList<>();
        for (Object a : args) {
            if (!(a instanceof NamedParameter)) {
                out.add(a);
            }
        }
        return out;
    }

    /** What one render found; only the render's own thread touches it. */
    private static final class Session {
        final ModelCompiler compiler;
        final String file;
        final Set<String> models;
        final boolean incremental;
        final Set<String> refs = new LinkedHashSet<>();
        final Set<String> sourcesUsed = new LinkedHashSet<>();
        final List<String> problems = new ArrayList<>();
        ModelConfig config = ModelConfig.DEFAULT;

        Session(ModelCompiler compiler, String file, Set<String> models, boolean incremental) {
            this.compiler = compiler;
            this.file = file;
            this.models = models;
            this.incremental = incremental;
        }

        void problem(int line, String message) {
            problems.add(compiler.where(file, line) + ": " + message);
        }
    }
}
