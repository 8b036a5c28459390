package dev.weft.demo;

import dev.weft.WeftException;
import dev.weft.models.ModelRunner;
import dev.weft.models.ModelsCommand;
import dev.weft.models.RunOptions;
import dev.weft.models.RunSummary;
import dev.weft.models.Selection;
import io.micronaut.core.annotation.Order;
import jakarta.inject.Singleton;

import java.io.PrintWriter;

/**
 * The models' part of {@code weft demo}: the workspace's models in two passes around identity
 * resolution, as a production schedule would run them. Models reading identity output
 * ({@code source('weft', ...)}) wait for it.
 */
public final class ModelsDemoSteps {

    private ModelsDemoSteps() {
    }

    /** Staging and {@code user_traits}: everything that does not read identity output. */
    @Singleton
    @Order(200)
    public static class BeforeIdentity implements DemoStep {
        private final ModelRunner runner;

        public BeforeIdentity(ModelRunner runner) {
            this.runner = runner;
        }

        @Override
        public String title() {
            return "run models (weft models run --exclude source:weft+)";
        }

        @Override
        public void run(DemoRun run) {
            runModels(runner, Selection.excluding("source:weft+"), run.out());
        }
    }

    /** {@code profile_traits}, {@code profile_events}: the models over identity output; goes after the identity step. */
    @Singleton
    @Order(400)
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
        RunSummary summary = runner.run(RunOptions.of(selection).withListener(new ModelsCommand.ProgressLines(out, out, "models")));
        if (ModelsCommand.report(out, summary, "models") != 0) {
            throw new WeftException("demo models run " + summary.runId() + " failed; see the errors above");
        }
    }
}
