package dev.unshaken.reports;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** Escaping for the HTML report: text, attributes, JSON inside {@code <script>}, links to local files. */
final class Html {

    private Html() {
    }

    /** Text or attribute value: {@code & < > " '} escaped; {@code null} becomes empty. */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // Control characters (other than tab and newlines) from logs would make the file invalid HTML.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * JSON made safe to sit inside {@code <script type="application/json">}: no {@code <}, {@code >} or {@code &}
     * (so no {@code </script>} can end the element early) and no line separators.
     */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }

    /** JavaScript made safe to sit inside {@code <script>}: a {@code </script} in it is written {@code <\/script}. */
    static String scriptCode(String code) {
        return code.replaceAll("(?i)</(script)", "<\\\\/$1");
    }

    /** An element id made of the name: lower case letters, digits and dashes, with a prefix. */
    static String anchor(String prefix, String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        return prefix + (slug.isEmpty() ? "x" : slug);
    }

    /** A link to a local file: relative to the page's directory when it can be, else a {@code file:} URI. */
    static String link(Path pageDirectory, Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        try {
            Path relative = pageDirectory.toAbsolutePath().normalize().relativize(absolute);
            return new URI(null, null, relative.toString().replace('\\', '/'), null).toASCIIString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return absolute.toUri().toASCIIString();
        }
    }
}
