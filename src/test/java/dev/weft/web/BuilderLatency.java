package dev.weft.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The builder's latency as a marketer feels it, measured in the browser: from the last keystroke (the field's
 * {@code input} event) to the size panel showing the answer to it (htmx has swapped and settled the newest
 * answer into {@code #size}), over a run of one-keystroke edits of a number field, each waited out before the next.
 */
final class BuilderLatency {

    private static final String PROBE = """
            if (!window.weftProbe) {
                window.weftProbe = {input: 0, shown: 0};
                document.body.addEventListener('input', () => { window.weftProbe.input = performance.now(); }, true);
                document.body.addEventListener('htmx:afterSettle', e => {
                    if (e.detail.target && e.detail.target.id === 'size') { window.weftProbe.shown = performance.now(); }
                });
            }""";

    private BuilderLatency() {
    }

    /**
     * Times {@code edits} edits of the number field {@code field} (a digit typed, then another, then both deleted,
     * and so on: each edit changes the definition), in milliseconds, in the order made.
     */
    static List<Double> measure(ChromeDriver browser, By field, int edits, Duration wait) {
        JavascriptExecutor js = browser;
        js.executeScript(PROBE);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < edits; i++) {
            WebElement input = browser.findElement(field);
            String key = (i % 4) < 2 ? String.valueOf(1 + (i * 7) % 9) : Keys.BACK_SPACE.toString();
            js.executeScript("window.weftProbe.input = 0; window.weftProbe.shown = 0;");
            input.sendKeys(key);
            WebDriverWait settled = new WebDriverWait(browser, wait);
            settled.ignoring(StaleElementReferenceException.class);
            Object elapsed = settled.until(d -> js.executeScript("""
                    const p = window.weftProbe;
                    return p.input > 0 && p.shown > p.input && !document.querySelector('.htmx-request') ? p.shown - p.input : null;"""));
            millis.add(((Number) elapsed).doubleValue());
        }
        return millis;
    }

    /** The 95th percentile (nearest rank) of the times. */
    static double p95(List<Double> millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1));
    }
}
