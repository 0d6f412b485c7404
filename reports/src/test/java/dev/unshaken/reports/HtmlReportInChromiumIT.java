package dev.unshaken.reports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens the HTML report of a sample run in headless Chromium: the charts must render (the page says so on
 * {@code <body data-charts>} and counts painted pixels per canvas) without script errors, and the screenshot must
 * not be blank. The report and the screenshot stay in {@code target/unshaken-reports/} to look at.
 *
 * <p>Skipped only when no Chromium is installed ({@code apt-get install -y chromium}, or {@code -Dunshaken.chromium=PATH}).
 */
class HtmlReportInChromiumIT {

    private static final Path REPORTS = Path.of("target", "unshaken-reports");
    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    @TempDir
    Path profile;

    @Test
    void chartsRenderWithoutScriptErrors() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "no Chromium found (tried -Dunshaken.chromium and " + CANDIDATES + " on the PATH); "
                + "install it with 'apt-get install -y chromium' to run this test");

        RunReport run = SampleRun.write(REPORTS);
        var written = new ReportDirectory(REPORTS, Redactor.patternsOnly()).write(run);
        String url = written.index().toAbsolutePath().toUri().toString();

        String dom = runChromium(chromium.get(), "--dump-dom", url);
        Matcher charts = Pattern.compile("data-charts=\"([^\"]*)\"").matcher(dom);
        assertThat(charts.find()).as("the page's script set data-charts on <body>; DOM was:%n%s", head(dom)).isTrue();
        assertThat(charts.group(1)).as("script errors on the page").isEqualTo("ok");
        Matcher count = Pattern.compile("data-chart-count=\"(\\d+)\"").matcher(dom);
        assertThat(count.find()).isTrue();
        assertThat(Integer.parseInt(count.group(1))).as("charts on the page (3 + 3 for the two scenarios)").isEqualTo(6);
        List<Integer> painted = new ArrayList<>();
        Matcher pixels = Pattern.compile("data-painted-pixels=\"(\\d+)\"").matcher(dom);
        while (pixels.find()) {
            painted.add(Integer.parseInt(pixels.group(1)));
        }
        assertThat(painted).as("painted pixels sampled from each canvas").hasSize(6).allSatisfy(n -> assertThat(n).isGreaterThan(500));

        Path screenshot = REPORTS.resolve("screenshot.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        runChromium(chromium.get(), "--screenshot=" + screenshot, url);
        assertThat(screenshot).exists();
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(distinctColours(image)).as("colours in the screenshot (a blank page has 1)").isGreaterThan(50);
    }

    private String runChromium(Path chromium, String action, String url) throws IOException, InterruptedException {
        List<String> command = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1400,2000",
                "--virtual-time-budget=10000", action, url);
        Path output = profile.resolveSibling(profile.getFileName() + "-out.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("Chromium ended within 120 s: %s", command).isTrue();
        assertThat(process.exitValue()).as("Chromium's exit code for %s", command).isZero();
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        String configured = System.getProperty("unshaken.chromium");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : CANDIDATES) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static int distinctColours(BufferedImage image) {
        var colours = new HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    private static String head(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
