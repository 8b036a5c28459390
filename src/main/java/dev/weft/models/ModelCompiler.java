package dev.weft.models;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.weft.definitions.Suggestions;
import dev.weft.warehouse.Dialect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a model's Jinja for one warehouse dialect with dbt's core vocabulary: {@code ref},
 * {@code source}, {@code config}, {@code var}, {@code is_incremental()}, {@code this} and
 * {@code target} ({@code target.type} is the engine, for the rare SQL that differs), plus the macros
 * of {@code macros/*.sql}. HubSpot's Jinjava does the templating; the functions below only record
 * what the model uses and render names.
 * Compilation is strict: broken delimiters, unknown names (variables, macros, functions), a {@code ref} to a
 * missing model and an undeclared {@code source} are problems, collected with the file, line and column they
 * come from (and a "did you mean" for names) rather than thrown at the first.
 */
public final class ModelCompiler {

    private static final String SESSION = "__weft_model_session";
    private static final Jinjava JINJA = createEngine();
    private static final List<String> FUNCTIONS = List.of("ref", "source", "config", "var", "is_incremental");
    private static final List<String> VARIABLES = List.of("this", "target");
    private static final Pattern MACRO = Pattern.compile("\\{%-?\\s*macro\\s+(\\w+)");
    private static final Pattern UNKNOWN_TOKEN = Pattern.compile("UnknownTokenException: Unknown token found: (.*)", Pattern.DOTALL);
    private static final Pattern UNKNOWN_FUNCTION = Pattern.compile("Could not resolve function '(\\w+)'");
    private static final Pattern END_RAW = Pattern.compile("\\{%-?\\s*endraw\\s*-?%}");
    private static final Pattern NAME_PATH = Pattern.compile("\\s*([A-Za-z_]\\w*)(\\.\\w+)*\\s*");

    private final Dialect dialect;
    private final String targetName;
    private final Map<String, SourceTable> sources;
    private final Map<String, String> vars;
    // Macro files are rendered ahead of each model (defining their macros); lines are mapped back to them.
    private final String macroText;
    private final List<MacroFile> macroFiles;
    private final Set<String> macroNames;

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
        this.macroNames = macroNames(macroText);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** What {@code target.name} renders. */
    String targetName() {
        return targetName;
    }

    /** The values {@code var()} reads. */
    Map<String, String> vars() {
        return vars;
    }

    /**
     * Renders {@code template} (the text of {@code file}) as model {@code name}. {@code models} are the
     * names a {@code ref} may use; {@code incremental} is what {@code is_incremental()} answers.
     */
    public Result compile(String name, String file, String template, Set<String> models, boolean incremental) {
        return compile(name, file, template, models, incremental, false);
    }

    /**
     * As {@link #compile(String, String, String, Set, boolean)}; with {@code snapshot}, the template is a snapshot's
     * query, whose {@code config()} takes dbt's snapshot settings instead of a materialization.
     */
    public Result compile(String name, String file, String template, Set<String> models, boolean incremental, boolean snapshot) {
        String text = macroText + template;
        Session session = new Session(this, file, text, models, incremental);
        if (snapshot) {
            session.config = new ModelConfig(ModelConfig.Materialization.SNAPSHOT, List.of(), List.of(), SnapshotConfig.NONE);
        }
        boolean brokenDelimiters = checkDelimiters(session);
        Map<String, Object> bindings = new HashMap<>();
        bindings.put(SESSION, session);
        bindings.put("this", new Relation(dialect.ident(name)));
        bindings.put("target", Map.of("type", dialect.name(), "name", targetName));
        RenderResult result = JINJA.renderForResult(text, bindings);
        for (TemplateError e : result.getErrors()) {
            boolean syntax = e.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR;
            // A broken delimiter (reported where it is) makes Jinjava read SQL as an expression or leave a tag
            // open: its syntax errors then only echo it, at a place further on.
            if (syntax && brokenDelimiters) {
                continue;
            }
            // Jinjava only warns of some syntax errors (an unclosed tag, an end tag without a start); strict
            // compilation fails on them.
            if (e.getSeverity() == TemplateError.ErrorType.FATAL || syntax) {
                templateError(session, e, template);
            }
        }
        // A trailing ';' is habit from SQL editors; the SELECT is embedded in Weft's statements.
        String sql = result.getOutput().strip().replaceFirst("(\\s*;)+$", "");
        return new Result(sql, session.config, List.copyOf(session.refs),
                List.copyOf(session.sourcesUsed), session.problems());
    }

    /**
     * A rendered model: its SQL, its config, the models and sources it reads and the problems found
     * (each {@code file line N: message}); the SQL is only meaningful when there are no problems.
     */
    public record Result(String sql, ModelConfig config, List<String> refs, List<String> sources, List<String> problems) {
    }

    /** {@code file line N, column C} for a place in the rendered text, which starts with the macro files. */
    private String where(String file, int line, int column) {
        String at = ", column " + Math.max(1, column);
        int offset = 0;
        for (MacroFile m : macroFiles) {
            int lines = lineCount(m.text());
            if (line <= offset + lines) {
                return m.file() + " line " + (line - offset) + at + " (in " + file + ")";
            }
            offset += lines;
        }
        return file + " line " + (line - offset) + at;
    }

    /**
     * Reports an opening delimiter ("{{", "{%" or "{#") that is never closed, and a closing one ("}}" or "%}")
     * outside any tag (its opening brace is missing or broken); Jinjava would keep either as SQL text, place the
     * error at the end of the file, or read on to the next tag's "}}" and report a parse error there. Answers
     * whether it found one.
     */
    private static boolean checkDelimiters(Session s) {
        String text = s.text;
        boolean found = false;
        int i = 0;
        while (i < text.length() - 1) {
            char c = text.charAt(i);
            if (c != '{' && c != '}' && c != '%') {
                i++;
                continue;
            }
            String two = text.substring(i, i + 2);
            String close = switch (two) {
                case "{{" -> "}}";
                case "{%" -> "%}";
                case "{#" -> "#}";
                default -> null;
            };
            if (close != null) {
                boolean comment = close.equals("#}");
                int end = closing(text, i + 2, close, !comment);
                if (end < 0) {
                    s.problemAt(i, "'" + two + "' is never closed by '" + close + "'");
                    return true;
                }
                int next = comment ? -1 : nextTag(text, i + 2, end);
                if (next >= 0) {
                    // "{{ ref('a') }" then "{{ ref('b') }}" further on: the first tag reads on into the second
                    s.problemAt(i, "'" + two + "' is never closed by '" + close + "': the next tag opens (line "
                            + s.lineOf(next) + ") before any '" + close + "'");
                    found = true;
                    i = next;
                    continue;
                }
                if (two.equals("{%") && text.substring(i + 2, end).matches("-?\\s*raw\\s*-?")) {
                    // {% raw %} keeps braces as text up to {% endraw %}.
                    Matcher endRaw = END_RAW.matcher(text);
                    end = endRaw.find(end) ? endRaw.end() - 2 : text.length() - 2;
                }
                i = end + 2;
            } else if (two.equals("}}") || two.equals("%}")) {
                s.problemAt(i, "'" + two + "' closes nothing: its '" + (two.equals("}}") ? "{{" : "{%")
                        + "' is missing or broken");
                found = true;
                i += 2;
            } else {
                i++;
            }
        }
        return found;
    }

    /** Where {@code close} starts after {@code from}, skipping quoted strings when {@code quotes}; -1 when never. */
    private static int closing(String text, int from, String close, boolean quotes) {
        return outsideQuotes(text, from, text.length(), quotes, i -> text.startsWith(close, i));
    }

    /**
     * Where a "{{" or "{%" opens between {@code from} and {@code end}, outside quoted strings (a tag inside a tag's
     * string, as in a hook's {@code "delete from {{ this }}"}, is text); -1 when none does.
     */
    private static int nextTag(String text, int from, int end) {
        return outsideQuotes(text, from, end, true, i -> text.startsWith("{{", i) || text.startsWith("{%", i));
    }

    /**
     * The first offset from {@code from} (before {@code end}, less the last character) where {@code at} holds, skipping
     * quoted strings when {@code quotes}; -1 when there is none.
     */
    private static int outsideQuotes(String text, int from, int end, boolean quotes, java.util.function.IntPredicate at) {
        char quote = 0;
        for (int i = from; i < end - 1; i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (quotes && (c == '\'' || c == '"')) {
                quote = c;
            } else if (at.test(i)) {
                return i;
            }
        }
        return -1;
    }

    /** One of Jinjava's errors as a problem, with unknown names said plainly and a "did you mean". */
    private void templateError(Session s, TemplateError e, String template) {
        String message = e.getMessage();
        Matcher token = UNKNOWN_TOKEN.matcher(message);
        Matcher function = UNKNOWN_FUNCTION.matcher(message);
        if (token.matches()) {
            String expression = token.group(1).strip();
            Matcher path = NAME_PATH.matcher(expression);
            if (path.matches()) {
                String name = path.group(1);
                message = "'" + name + "' is not defined (no variable or macro has that name)"
                        + Suggestions.didYouMean(name, names(template, VARIABLES));
            } else {
                message = "'" + expression + "' uses a name that is not defined";
            }
        } else if (function.find()) {
            String name = function.group(1);
            message = "'" + name + "' is not a macro or function" + Suggestions.didYouMean(name, names(template, FUNCTIONS));
            s.problem(e.getLineno(), s.column(e.getLineno(), e.getStartPosition(), name + "("), message);
            return;
        } else if ("Missing start tag".equals(message)) {
            message = "'{% " + e.getFieldName() + " %}' ends a tag that was never opened";
        }
        s.problem(e.getLineno(), e.getStartPosition(), message);
    }

    /** The macros a model can call (those of macros/ and its own) and {@code builtins}: what a misspelling may mean. */
    private Set<String> names(String template, List<String> builtins) {
        Set<String> names = new TreeSet<>(macroNames);
        names.addAll(macroNames(template));
        names.addAll(builtins);
        return names;
    }

    private static Set<String> macroNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = MACRO.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
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

    /** Reports {@code message} at the current tag, pointing at {@code call} (e.g. {@code ref(}) within its line. */
    private static void problem(Session s, String call, String message) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        int line = interpreter.getLineNumber();
        s.problem(line, s.column(line, interpreter.getPosition(), call), message);
    }

    // The functions models call. Jinjava needs them public and static; state lives in the session.

    public static Object ref(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.isEmpty() || positional.size() > 2) {
            problem(s, "ref(", "ref() takes a model name, e.g. ref('stg_orders')");
            return "";
        }
        String model = String.valueOf(positional.get(positional.size() - 1));
        if (!s.models.contains(model)) {
            problem(s, "ref(", "ref('" + model + "') names no model in models/" + Suggestions.didYouMean(model, s.models));
            return "";
        }
        s.refs.add(model);
        return new Relation(s.compiler.dialect.ident(model));
    }

    public static Object source(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.size() != 2) {
            problem(s, "source(", "source() takes a source and a table, e.g. source('raw', 'events')");
            return "";
        }
        String key = positional.get(0) + "." + positional.get(1);
        SourceTable table = s.compiler.sources.get(key);
        if (table == null) {
            problem(s, "source(", "source('" + positional.get(0) + "', '" + positional.get(1)
                    + "') is not declared in models/sources.yml" + Suggestions.nearest(key, s.compiler.sources.keySet())
                    .map(k -> "; did you mean `source('" + k.replace(".", "', '") + "')`?").orElse(""));
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
        List<String> tags = s.config.tags();
        SnapshotConfig snapshot = s.config.snapshot();
        List<String> preHook = s.config.preHook();
        List<String> postHook = s.config.postHook();
        for (Object arg : args) {
            if (!(arg instanceof NamedParameter p)) {
                problem(s, "config(", "config() takes named arguments, e.g. config(materialized='table')");
                continue;
            }
            Object value = p.getValue();
            if (snapshot != null) {
                switch (p.getName()) {
                    case "unique_key" -> uniqueKey = strings(value);
                    case "tags" -> tags = strings(value);
                    case "strategy" -> snapshot = new SnapshotConfig(String.valueOf(value), snapshot.uniqueKey(),
                            snapshot.updatedAt(), snapshot.checkCols(), snapshot.hardDeletes());
                    case "updated_at" -> snapshot = new SnapshotConfig(snapshot.strategy(), snapshot.uniqueKey(),
                            String.valueOf(value), snapshot.checkCols(), snapshot.hardDeletes());
                    case "check_cols" -> snapshot = new SnapshotConfig(snapshot.strategy(), snapshot.uniqueKey(),
                            snapshot.updatedAt(), strings(value), snapshot.hardDeletes());
                    case "hard_deletes" -> snapshot = new SnapshotConfig(snapshot.strategy(), snapshot.uniqueKey(),
                            snapshot.updatedAt(), snapshot.checkCols(), String.valueOf(value));
                    // dbt before 1.9: invalidate_hard_deletes=True is hard_deletes='invalidate'
                    case "invalidate_hard_deletes" -> snapshot = new SnapshotConfig(snapshot.strategy(), snapshot.uniqueKey(),
                            snapshot.updatedAt(), snapshot.checkCols(),
                            Boolean.parseBoolean(String.valueOf(value)) ? SnapshotConfig.INVALIDATE : SnapshotConfig.IGNORE);
                    case "target_schema", "target_database", "schema", "database" -> problem(s, p.getName(), "config("
                            + p.getName() + "=...) is not supported: a snapshot is a table in the warehouse's schema, as models are");
                    default -> problem(s, p.getName(), "config(" + p.getName() + "=...) is not supported in a snapshot"
                            + " (supported: strategy, unique_key, updated_at, check_cols, hard_deletes, invalidate_hard_deletes, tags)");
                }
                continue;
            }
            switch (p.getName()) {
                case "materialized" -> {
                    try {
                        materialized = ModelConfig.Materialization.valueOf(String.valueOf(value).toUpperCase(Locale.ROOT));
                        if (materialized == ModelConfig.Materialization.SEED || materialized == ModelConfig.Materialization.SNAPSHOT) {
                            throw new IllegalArgumentException("a seed is a CSV file and a snapshot a block under snapshots/, not a config");
                        }
                    } catch (IllegalArgumentException e) {
                        problem(s, "materialized", "materialized='" + value + "' is not one of view, table, incremental"
                                + " (a snapshot is a {% snapshot %} block in a file under snapshots/)");
                    }
                }
                case "unique_key" -> uniqueKey = strings(value);
                case "tags" -> tags = strings(value);
                case "pre_hook" -> preHook = strings(value);
                case "post_hook" -> postHook = strings(value);
                default -> problem(s, p.getName(), "config(" + p.getName() + "=...) is not supported"
                        + " (supported: materialized, unique_key, tags, pre_hook, post_hook)");
            }
        }
        if (snapshot != null) {
            snapshot = new SnapshotConfig(snapshot.strategy(), uniqueKey, snapshot.updatedAt(), snapshot.checkCols(),
                    snapshot.hardDeletes());
        }
        s.config = new ModelConfig(materialized, uniqueKey, tags, snapshot, preHook, postHook);
        return "";
    }

    /** A config value given as one string or a list of them ({@code tags='nightly'}, {@code tags=['a', 'b']}). */
    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }

    public static Object var(Object... args) {
        Session s = session();
        List<Object> positional = positional(args);
        if (positional.isEmpty() || positional.size() > 2) {
            problem(s, "var(", "var() takes a name and an optional default, e.g. var('lookback_days', 30)");
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
        problem(s, "var(", "var('" + name + "') has no value and no default (set it with --var " + name + "=...)");
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
        final String text;
        final Set<String> models;
        final boolean incremental;
        final Set<String> refs = new LinkedHashSet<>();
        final Set<String> sourcesUsed = new LinkedHashSet<>();
        private final List<Problem> problems = new ArrayList<>();
        ModelConfig config = ModelConfig.DEFAULT;

        /** A problem at a line and column of the rendered text; they are reported in the order of the text. */
        private record Problem(int line, int column, String text) {
        }

        Session(ModelCompiler compiler, String file, String text, Set<String> models, boolean incremental) {
            this.compiler = compiler;
            this.file = file;
            this.text = text;
            this.models = models;
            this.incremental = incremental;
        }

        void problem(int line, int column, String message) {
            problems.add(new Problem(line, column, compiler.where(file, line, column) + ": " + message));
        }

        List<String> problems() {
            return problems.stream().sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                    .map(Problem::text).toList();
        }

        /** A problem at offset {@code at} of the rendered text. */
        void problemAt(int at, String message) {
            int lineStart = text.lastIndexOf('\n', at - 1) + 1;
            problem(renderedLine(at), at - lineStart + 1, message);
        }

        /** The line of offset {@code at} of the rendered text. */
        private int renderedLine(int at) {
            return 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
        }

        /** The line of offset {@code at} as a problem names it: of the model's file, or of a macro file. */
        String lineOf(int at) {
            String where = compiler.where(file, renderedLine(at), 1);
            return where.substring(where.indexOf(" line ") + " line ".length(), where.indexOf(','));
        }

        /**
         * The column of {@code needle} in {@code line} at or after {@code from} (Jinjava's column of the tag,
         * 0 or less when it has none); {@code from} itself when the line does not have it there.
         */
        int column(int line, int from, String needle) {
            int start = 0;
            for (int l = 1; l < line && start >= 0; l++) {
                start = text.indexOf('\n', start);
                start = start < 0 ? -1 : start + 1;
            }
            if (start < 0) {
                return from;
            }
            int end = text.indexOf('\n', start);
            String content = text.substring(start, end < 0 ? text.length() : end);
            int found = content.indexOf(needle, Math.max(0, from - 1));
            return found < 0 ? from : found + 1;
        }
    }
}
