package dev.weft.web.syncs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.syncs.SyncDefinition;

import java.util.List;
import java.util.Map;

/**
 * A sync's schedule as the forms show it: manual, every interval, a cron expression or after each models run,
 * read back from the fields {@code schedule}, {@code every} and {@code cron} into the definition's shape.
 */
public record ScheduleForm(String kind, String every, String cron) {

    static final List<String> KINDS = List.of("manual", "every", "cron", "after_models");

    static ScheduleForm manual() {
        return new ScheduleForm("manual", "1h", "0 6 * * *");
    }

    static ScheduleForm of(SyncDefinition.Schedule s) {
        ScheduleForm blank = manual();
        return switch (s.kind()) {
            case MANUAL -> blank;
            case INTERVAL -> new ScheduleForm("every", interval(s.every().toSeconds()), blank.cron());
            case CRON -> new ScheduleForm("cron", blank.every(), s.cron());
            case AFTER_MODELS -> new ScheduleForm("after_models", blank.every(), blank.cron());
        };
    }

    static ScheduleForm read(Map<String, String> fields) {
        String kind = KINDS.contains(fields.get("schedule")) ? fields.get("schedule") : "manual";
        return new ScheduleForm(kind, fields.getOrDefault("every", "").trim(), fields.getOrDefault("cron", "").trim());
    }

    /** The definition's {@code schedule}: "manual" or an object with one of every, cron and after. */
    JsonNode json() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode node = json.objectNode();
        return switch (kind) {
            case "every" -> node.put("every", every);
            case "cron" -> node.put("cron", cron);
            case "after_models" -> node.put("after", "models");
            default -> json.textNode("manual");
        };
    }

    public List<String> getKinds() {
        return KINDS;
    }

    /** The largest whole unit the parser reads back (30m, 6h, 1d). */
    private static String interval(long seconds) {
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
