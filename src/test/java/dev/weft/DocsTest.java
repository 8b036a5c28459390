package dev.weft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation renders and its links lead somewhere: every code fence of README.md and docs/
 * is closed, every relative link names a file of the repository, and nothing points outside it.
 */
class DocsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyCodeFenceIsClosed() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<String> lines = Files.readAllLines(file);
            int openedAt = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).stripLeading();
                if (line.startsWith("```")) {
                    openedAt = openedAt == 0 ? i + 1 : 0;
                }
            }
            if (openedAt != 0) {
                problems.add(ROOT.relativize(file) + " line " + openedAt + ": a code fence is never closed");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRelativeLinkNamesAFileOfTheRepository() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<String> lines = Files.readAllLines(file);
            boolean inFence = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.stripLeading().startsWith("```")) {
                    inFence = !inFence;
                }
                if (inFence) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                        continue; // a web address or an anchor on the same page
                    }
                    String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    Path resolved = file.getParent().resolve(path).normalize();
                    String where = ROOT.relativize(file) + " line " + (i + 1) + ": " + target;
                    if (!resolved.startsWith(ROOT)) {
                        problems.add(where + " points outside the repository");
                    } else if (!Files.exists(resolved)) {
                        problems.add(where + " names no file");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theDocsStandAloneWithoutTheReferenceFolder() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : markdownFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("../shared")) {
                    problems.add(ROOT.relativize(file) + " line " + (i + 1));
                }
            }
        }
        assertThat(problems).as("mentions of ../shared, which is not part of the product").isEmpty();
    }

    @Test
    void theReadmeStaysAFrontDoor() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve("README.md"))).as("README.md lines: details belong in docs/").hasSizeLessThanOrEqualTo(250);
    }

    private static List<Path> markdownFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md"), ROOT.resolve("sql/README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThan(10);
        return files;
    }
}
