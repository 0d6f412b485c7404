package dev.unshaken.reports;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text before it goes into a report: events, logs, environment dumps, error messages.
 * Every report writer ({@link HtmlReport}, {@link JsonSummary}, {@link ConsoleSummary}, the progress lines,
 * {@link ReportDirectory}) passes what it writes through one.
 *
 * <p>It removes
 * <ul>
 *   <li>the known secret values it was given (e.g. the values of the stack's Secrets), as they are, URL-encoded,
 *   and base64-encoded (standard and URL-safe, with or without padding, also inside a longer base64 text);</li>
 *   <li>bearer tokens ({@code Authorization: Bearer ...}), JWT-looking strings ({@code eyJ...}), private key
 *   blocks and k3s join tokens ({@code K10...::...});</li>
 *   <li>values of keys that look secret ({@code password=...}, {@code DB_PASSWORD: ...}, {@code "apiKey":"..."},
 *   and any key containing password, passwd, secret, token, api-key, access-key or credential).</li>
 * </ul>
 * Values shorter than {@value #MIN_SECRET_LENGTH} characters are not treated as known secrets: they would match
 * all over the report, and hide nothing worth hiding.
 */
public final class Redactor {

    /** What a redacted value is replaced with. */
    public static final String MASK = "[REDACTED]";
    /** Shorter known values are ignored. */
    public static final int MIN_SECRET_LENGTH = 4;

    private static final String SECRET_KEY = "[A-Za-z0-9_.-]*(?i:password|passwd|secret|token|api[_-]?key|access[_-]?key|credential)[A-Za-z0-9_.-]*";
    private static final List<Rule> PATTERNS = List.of(
            new Rule(Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL),
                    m -> "-----BEGIN PRIVATE KEY-----" + MASK + "-----END PRIVATE KEY-----"),
            new Rule(Pattern.compile("\\b(?i:(bearer))\\s+[A-Za-z0-9\\-._~+/]+=*"), m -> m.group(1) + " " + MASK),
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*"), m -> MASK),
            new Rule(Pattern.compile("\\bK10[0-9a-f]{16,}::[A-Za-z0-9_.-]+:[A-Za-z0-9]+"), m -> MASK),
            // key=value, key: value, "key":"value", KEY='value' (env dumps, YAML, JSON, query strings, logs)
            new Rule(Pattern.compile("(\\b" + SECRET_KEY + "[\"']?\\s*[=:]\\s*[\"']?)(?!" + Pattern.quote(MASK) + ")[^\\s\"',;&}\\]]+"),
                    m -> m.group(1) + MASK));
    private static final Pattern SECRET_KEY_NAME = Pattern.compile(SECRET_KEY);

    private final List<String> secrets;
    private final List<String> knownForms;

    private Redactor(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && s.length() >= MIN_SECRET_LENGTH).distinct().toList();
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
                forms.addAll(formsOf(secret));
            }
        }
        List<String> sorted = new ArrayList<>(forms);
        // Longest first, so a secret's base64 is replaced whole before a shorter form could split it.
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.knownForms = List.copyOf(sorted);
    }

    /** A redactor that knows no secret values and removes only what looks like a secret. */
    public static Redactor patternsOnly() {
        return new Redactor(List.of());
    }

    /** A redactor that also removes these secret values (e.g. the data of the stack's Secrets). */
    public static Redactor forSecrets(Collection<String> secretValues) {
        return new Redactor(secretValues);
    }

    /** This redactor, also removing these values. */
    public Redactor withSecrets(Collection<String> moreSecretValues) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(moreSecretValues);
        return new Redactor(all);
    }

    /** The text with every secret replaced by {@value #MASK}; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String form : knownForms) {
            result = result.replace(form, MASK);
        }
        for (Rule rule : PATTERNS) {
            result = rule.apply(result);
        }
        return result;
    }

    /** Every line redacted. */
    public List<String> redact(List<String> lines) {
        return lines.stream().map(this::redact).toList();
    }

    /**
     * A map (e.g. fields, details, an environment) redacted: values of secret-looking keys are masked whole,
     * other values and the keys are redacted as text.
     */
    public Map<String, String> redact(Map<String, String> map) {
        Map<String, String> result = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            boolean secretKey = key != null && SECRET_KEY_NAME.matcher(key).matches();
            result.put(redact(key), secretKey && value != null && !value.isEmpty() ? MASK : redact(value));
        });
        return result;
    }

    /** The forms a secret can take in a report's sources. */
    private static Set<String> formsOf(String secret) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        // Inside a longer base64 text (a Secret's whole data map, a config file) the secret starts at any byte
        // offset; for each offset modulo 3, the characters that depend only on the secret's bytes are fixed.
        for (int shift = 1; shift <= 2; shift++) {
            byte[] shifted = new byte[shift + bytes.length];
            System.arraycopy(bytes, 0, shifted, shift, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int first = (8 * shift + 5) / 6;                       // first character that starts inside the secret
            int last = (8 * (shift + bytes.length)) / 6;           // characters before this one end inside the secret
            if (last - first >= 8) {
                String core = encoded.substring(first, last);
                forms.add(core);
                forms.add(core.replace('+', '-').replace('/', '_'));
            }
        }
        if (bytes.length >= 6) {
            // Aligned at offset 0 but followed by more data: the full groups are fixed.
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
            String core = encoded.substring(0, (8 * bytes.length) / 6);
            forms.add(core);
            forms.add(core.replace('+', '-').replace('/', '_'));
        }
        forms.removeIf(form -> form.length() < MIN_SECRET_LENGTH);
        return forms;
    }

    private record Rule(Pattern pattern, Function<Matcher, String> replacement) {
        String apply(String text) {
            Matcher matcher = pattern.matcher(text);
            if (!matcher.find()) {
                return text;
            }
            StringBuilder out = new StringBuilder();
            do {
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
            } while (matcher.find());
            matcher.appendTail(out);
            return out.toString();
        }
    }
}
