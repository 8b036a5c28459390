package dev.weft.demo;

/**
 * One step of {@code weft demo}. A feature's step is a bean that does its part on the demo warehouse
 * and prints what it made; {@link DemoPipeline#STEPS} puts it in order.
 */
public interface DemoStep {

    /** A short title, printed before the step runs, e.g. "seed raw data". */
    String title();

    void run(DemoRun run);
}
