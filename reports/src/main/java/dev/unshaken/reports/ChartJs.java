package dev.unshaken.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** The minified Chart.js of the {@code org.webjars.npm:chart.js} webjar on the class path, to inline into the report. */
final class ChartJs {

    private static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";
    private static volatile String source;

    private ChartJs() {
    }

    /** The UMD bundle's code, licence header kept, source-map reference dropped (there is no map beside the report). */
    static String minifiedSource() {
        String cached = source;
        if (cached == null) {
            String version = webjarVersion();
            String path = "META-INF/resources/webjars/chart.js/" + version + "/dist/chart.umd.min.js";
            cached = read(path).replaceAll("(?m)^//# sourceMappingURL=.*$", "");
            source = cached;
        }
        return cached;
    }

    /** The Chart.js version, e.g. {@code 4.5.1}. */
    static String webjarVersion() {
        Properties properties = new Properties();
        try (InputStream in = open(POM_PROPERTIES)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + POM_PROPERTIES + " of the Chart.js webjar: " + e.getMessage(), e);
        }
        return properties.getProperty("version");
    }

    private static String read(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " of the Chart.js webjar: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = ChartJs.class.getClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException(path + " is not on the class path; the HTML report inlines Chart.js from the "
                    + "org.webjars.npm:chart.js webjar, a dependency of unshaken-reports: check it was not excluded");
        }
        return in;
    }
}
