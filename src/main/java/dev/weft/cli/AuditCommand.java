package dev.weft.cli;

import dev.weft.audit.AuditEntry;
import dev.weft.audit.AuditFilter;
import dev.weft.audit.AuditLog;
import dev.weft.audit.AuditPage;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code weft audit}: the latest writes made through the API or the CLI, newest first; {@code GET /v1/audit} has the JSON. */
@Command(name = "audit", description = "List the audit log, newest first: who changed or ran what, and when.")
public class AuditCommand implements Runnable {

    @Inject
    Provider<AuditLog> audit;

    @Spec
    CommandSpec spec;

    @Option(names = "--subject-type", paramLabel = "TYPE", description = "Only entries about this kind of object, e.g. audience, sync, token.")
    String subjectType;

    @Option(names = "--subject-id", paramLabel = "ID", description = "Only entries about the object with this id (or token name).")
    String subjectId;

    @Option(names = "--actor", paramLabel = "ACTOR", description = "Only entries by this actor: a token name, or cli:<os user>.")
    String actor;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many entries (1 to 200; default 50).")
    int limit;

    @Override
    public void run() {
        AuditPage page = audit.get().list(new AuditFilter(subjectType, subjectId, actor), null, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (page.entries().isEmpty()) {
            out.println("no audit entries" + (subjectType == null && subjectId == null && actor == null ? "" : " match"));
            out.flush();
            return;
        }
        out.printf("%-21s %-24s %-18s %s%n", "TIME", "ACTOR", "ACTION", "SUBJECT");
        for (AuditEntry e : page.entries()) {
            out.printf("%-21s %-24s %-18s %s/%s%n", TokensCommand.time(e.recordedAt()), e.actor(), e.action(),
                    e.subjectType(), e.subjectId());
        }
        if (page.next() != null) {
            out.println("(older entries exist: raise --limit, or page with GET /v1/audit)");
        }
        out.flush();
    }
}
