package dev.weft.models;

import dev.weft.WeftException;
import dev.weft.Workspace;
import dev.weft.demo.DemoRun;
import dev.weft.demo.DemoStep;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The models' part of {@code weft demo}: the workspace's models in two passes around identity
 * resolution, as a production schedule would run them. Models reading identity output
 * ({@code source('weft', ...)}) wait for it.
 */
public final class ModelsDemoSteps {

    /** The demo project as bundled on the classpath under {@code /demo/} (ModelsDemoStepsTest keeps it complete). */
    static final List<String> DEMO_FILES = List.of(
            "macros/cleaning.sql",
            "models/README.md",
            "models/sources.yml",
            "models/schema.yml",
            "models/staging/stg_events.sql",
            "models/staging/stg_orders.sql",
            "models/staging/stg_contacts.sql",
            "models/marts/user_traits.sql",
            "models/profiles/profile_events.sql",
            "models/profiles/profile_traits.sql");

    private ModelsDemoSteps() {
    }

    /**
     * Writes the demo models into a workspace that has no {@code models/} yet (a data team's starting
     * point); a workspace with its own models keeps them. Returns whether it wrote them.
     */
    static boolean scaffold(Path root) {
        if (Files.isDirectory(root.resolve(ModelProject.MODELS_DIR))) {
            return false;
        }
        for (String file : DEMO_FILES) {
            try (InputStream in = ModelsDemoSteps.class.getResourceAsStream("/demo/" + file)) {
                if (in == null) {
                    throw new WeftException("the demo model " + file + " is missing from the build");
                }
                Path target = root.resolve(file);
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            } catch (IOException e) {
                throw new WeftException("cannot write the demo models into " + root + ": " + e.getMessage(), e);
            }
        }
        return true;
    }

    /** Staging and {@code user_traits}: everything that does not read identity output. */
    @Singleton
    public static class BeforeIdentity implements DemoStep {
        private final ModelRunner runner;
        private final Workspace workspace;

        public BeforeIdentity(ModelRunner runner, Workspace workspace) {
            this.runner = runner;
            this.workspace = workspace;
        }

        @Override
        public String title() {
            return "run models (weft models run --exclude source:weft+)";
        }

        @Override
        public void run(DemoRun run) {
            if (scaffold(workspace.root())) {
                run.out().println("wrote the demo models to models/ and macros/ (edit them, then: weft models run)");
            }
            runModels(runner, Selection.excluding("source:weft+"), run.out());
        }
    }

    /** {@code profile_traits}, {@code profile_events}: the models over identity output; goes after the identity step. */
    @Singleton
    public static class AfterIdentity implements DemoStep {
        private final ModelRunner runner;

        public AfterIdentity(ModelRunner runner) {
            this.runner = runner;
        }

        @Override
        public String title() {
            return "run models over identity output (weft models run --select source:weft+)";
        }

        @Override
        public void run(DemoRun run) {
            runModels(runner, Selection.of("source:weft+"), run.out());
        }
    }

    private static void runModels(ModelRunner runner, Selection selection, PrintWriter out) {
        RunSummary summary = runner.run(RunOptions.of(selection).withListener(new ModelsCommand.ProgressLines(out, "models")));
        if (ModelsCommand.report(out, summary, "models") != 0) {
            throw new WeftException("demo models run " + summary.runId() + " failed; see the errors above");
        }
    }
}
