package dev.weft.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.WeftException;
import dev.weft.WorkspaceConfig;
import dev.weft.definitions.JsonChecks;
import dev.weft.definitions.JsonPointers;
import dev.weft.definitions.Problem;
import dev.weft.definitions.YamlLines;
import dev.weft.syncs.AlertRule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code weft.alerts} in {@code weft.yml}: the channels alerts go to, and the rules every sync has
 * unless its definition overrides them. Read from the file itself (not Micronaut's flattened
 * properties) so every problem is reported at once with its line and JSON Pointer.
 */
public record AlertsConfig(Map<String, AlertChannel> channels, List<AlertRule> rules) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern SECRET = Pattern.compile("(env):([A-Za-z_][A-Za-z0-9_]*)|(vault):([a-z0-9][a-z0-9_:.-]*)/([A-Za-z0-9_.-]+)");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "slack", Set.of("type", "url"),
            "webhook", Set.of("type", "url", "signing-secret"),
            "email", Set.of("type", "host", "port", "username", "password", "from", "to", "tls"));

    public AlertsConfig {
        channels = Map.copyOf(channels);
        rules = List.copyOf(rules);
    }

    public static AlertsConfig none() {
        return new AlertsConfig(Map.of(), List.of());
    }

    /** The alerts of the workspace's {@code weft.yml} ({@link WorkspaceConfig#file()}); none without one. */
    public static AlertsConfig ofWorkspace() {
        return WorkspaceConfig.file().map(AlertsConfig::load).orElse(none());
    }

    static AlertsConfig load(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new WeftException(file + ": not readable: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code weft.alerts} from the text of a {@code weft.yml}; {@code where} names the file in
     * messages. Throws a {@link WeftException} listing every problem as {@code <file> line <n>: <pointer>: <what>}.
     */
    public static AlertsConfig parse(String yaml, String where) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new WeftException(where + ": not readable YAML: " + e.getMessage(), e);
        }
        JsonNode alerts = root == null ? null : root.at("/weft/alerts");
        if (alerts == null || alerts.isMissingNode() || alerts.isNull()) {
            return none();
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, AlertChannel> channels = new LinkedHashMap<>();
        List<AlertRule> rules = List.of();
        if (!alerts.isObject()) {
            problems.add(new Problem("/weft/alerts", "must be an object with channels and rules"));
        } else {
            problems.addAll(JsonChecks.unknownMembers(alerts, "/weft/alerts", Set.of("channels", "rules"),
                    "unknown key (expected channels or rules)"));
            channels(alerts.get("channels"), channels, problems);
            rules = AlertRule.parse(alerts.get("rules"), "/weft/alerts/rules", problems);
            for (int i = 0; i < rules.size(); i++) {
                problems.addAll(unknownChannels(rules.get(i), channels.keySet(), "/weft/alerts/rules/" + i));
            }
        }
        if (!problems.isEmpty()) {
            throw new WeftException(problems.stream()
                    .map(p -> where + " line " + YamlLines.lineOf(yaml, p.path()) + ": " + p.path() + ": " + p.problem())
                    .collect(Collectors.joining("\n")));
        }
        return new AlertsConfig(channels, rules);
    }

    /** Problems of a rule naming channels not configured, at {@code at}/to/i. */
    public static List<Problem> unknownChannels(AlertRule rule, Set<String> known, String at) {
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < rule.to().size(); i++) {
            if (!known.contains(rule.to().get(i))) {
                problems.add(new Problem(at + "/to/" + i, "no channel '" + rule.to().get(i) + "' under weft.alerts.channels (known: "
                        + known.stream().sorted().toList() + ")"));
            }
        }
        return problems;
    }

    private static void channels(JsonNode node, Map<String, AlertChannel> out, List<Problem> problems) {
        String at = "/weft/alerts/channels";
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isObject()) {
            problems.add(new Problem(at, "must be an object of channels by name, e.g. {ops-slack: {type: slack, url: env:SLACK_URL}}"));
            return;
        }
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            String chAt = JsonPointers.member(at, name);
            if (!AlertRule.CHANNEL_NAME.matcher(name).matches()) {
                problems.add(new Problem(chAt, "a channel name must be lower-case letters, digits, _ and - (starting with a letter)"));
                return;
            }
            AlertChannel channel = channel(name, e.getValue(), chAt, problems);
            if (channel != null) {
                out.put(name, channel);
            }
        });
    }

    private static AlertChannel channel(String name, JsonNode node, String at, List<Problem> problems) {
        if (!node.isObject()) {
            problems.add(new Problem(at, "must be an object with a type (slack, webhook or email) and its settings"));
            return null;
        }
        String type = text(node, at, "type", true, problems);
        if (type == null) {
            return null;
        }
        Set<String> keys = KEYS.get(type);
        if (keys == null) {
            problems.add(new Problem(at + "/type", "must be slack, webhook or email, got '" + type + "'"));
            return null;
        }
        int before = problems.size();
        problems.addAll(JsonChecks.unknownMembers(node, at, keys, "unknown key for a " + type + " channel (expected one of "
                + keys.stream().sorted().toList() + ")"));
        AlertChannel channel = switch (type) {
            case "slack" -> new AlertChannel.Slack(name, secret(node, at, "url", true, problems));
            case "webhook" -> new AlertChannel.Webhook(name, secret(node, at, "url", true, problems),
                    secret(node, at, "signing-secret", true, problems));
            default -> email(name, node, at, problems);
        };
        return problems.size() == before ? channel : null;
    }

    private static AlertChannel.Email email(String name, JsonNode node, String at, List<Problem> problems) {
        String host = text(node, at, "host", true, problems);
        int port = 587;
        JsonNode portNode = node.get("port");
        if (portNode != null) {
            if (!portNode.canConvertToInt() || portNode.asInt() < 1 || portNode.asInt() > 65535) {
                problems.add(new Problem(at + "/port", "must be a port number from 1 to 65535, got " + portNode));
            } else {
                port = portNode.asInt();
            }
        }
        String username = text(node, at, "username", false, problems);
        AlertChannel.SecretRef password = secret(node, at, "password", false, problems);
        if ((username == null) != (password == null)) {
            problems.add(new Problem(at + (username == null ? "/username" : "/password"),
                    "is required with " + (username == null ? "password" : "username") + " (give both, or neither for a server without login)"));
        }
        String from = text(node, at, "from", true, problems);
        if (from != null && !ADDRESS.matcher(from).matches()) {
            problems.add(new Problem(at + "/from", "must be an email address, got '" + from + "'"));
        }
        List<String> to = new ArrayList<>();
        JsonNode toNode = node.get("to");
        if (toNode == null || !toNode.isArray() || toNode.isEmpty()) {
            problems.add(new Problem(at + "/to", "is required: a list of email addresses"));
        } else {
            for (int i = 0; i < toNode.size(); i++) {
                String address = toNode.get(i).asText();
                if (!toNode.get(i).isTextual() || !ADDRESS.matcher(address).matches()) {
                    problems.add(new Problem(at + "/to/" + i, "must be an email address, got " + toNode.get(i)));
                }
                to.add(address);
            }
        }
        AlertChannel.Tls tls = AlertChannel.Tls.STARTTLS;
        String tlsText = text(node, at, "tls", false, problems);
        if (tlsText != null) {
            switch (tlsText) {
                case "starttls" -> tls = AlertChannel.Tls.STARTTLS;
                case "ssl" -> tls = AlertChannel.Tls.SSL;
                case "none" -> tls = AlertChannel.Tls.NONE;
                default -> problems.add(new Problem(at + "/tls", "must be starttls, ssl or none, got '" + tlsText + "'"));
            }
        }
        return new AlertChannel.Email(name, host, port, username, password, from, to, tls);
    }

    private static AlertChannel.SecretRef secret(JsonNode node, String at, String key, boolean required, List<Problem> problems) {
        String text = text(node, at, key, required, problems);
        if (text == null) {
            return null;
        }
        Matcher m = SECRET.matcher(text);
        if (!m.matches()) {
            // The value itself is never repeated: it may be the secret.
            problems.add(new Problem(at + "/" + key, "is a secret: write env:VARIABLE (an environment variable) or"
                    + " vault:CREDENTIAL/KEY (a key of a credential in the vault), never the value itself"));
            return null;
        }
        return m.group(1) != null ? new AlertChannel.SecretRef("env", m.group(2), null)
                : new AlertChannel.SecretRef("vault", m.group(4), m.group(5));
    }

    private static String text(JsonNode node, String at, String key, boolean required, List<Problem> problems) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(at + "/" + key, "is required"));
            }
            return null;
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            problems.add(new Problem(at + "/" + key, "must be a non-empty text"));
            return null;
        }
        return v.asText().trim();
    }
}
