package dev.unshaken.reports;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    private static final String SECRET = "s3cr3t-Pa55word!";
    private final Redactor redactor = Redactor.forSecrets(List.of(SECRET));

    @Test
    void removesAKnownSecretWhereverItIs() {
        assertThat(redactor.redact("connecting with " + SECRET + " to db-0")).isEqualTo("connecting with [REDACTED] to db-0");
    }

    @Test
    void removesItsBase64AndUrlEncodedForms() {
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        String base64 = Base64.getEncoder().encodeToString(bytes);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(redactor.redact("data:\n  DB_PASS: " + base64)).doesNotContain(base64).contains("[REDACTED]");
        assertThat(redactor.redact("token " + urlSafe)).doesNotContain(urlSafe);
        assertThat(redactor.redact("url=postgres://app:s3cr3t-Pa55word%21@db")).doesNotContain("s3cr3t");
    }

    @Test
    void removesItsBase64InsideALongerBase64Text() {
        for (String prefix : List.of("", "a", "ab", "user=app\npassword=")) {
            String encoded = Base64.getEncoder().encodeToString((prefix + SECRET + "\nport=5432").getBytes(StandardCharsets.UTF_8));
            // 8 characters that encode only bytes from the middle of the secret
            int middle = (prefix.length() * 8 + 5) / 6 + 4;
            String secretPart = encoded.substring(middle, middle + 8);

            String redacted = redactor.redact(encoded);

            assertThat(redacted).as("prefix '%s'", prefix).contains("[REDACTED]").doesNotContain(secretPart);
        }
    }

    @Test
    void removesBearerTokensJwtsAndK3sTokens() {
        String jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEyMyJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXhZeg";
        assertThat(Redactor.patternsOnly().redact("Authorization: Bearer abc.DEF-123_456~+/=")).isEqualTo("Authorization: Bearer [REDACTED]");
        assertThat(Redactor.patternsOnly().redact("token file has " + jwt + " in it")).isEqualTo("token file has [REDACTED] in it");
        assertThat(Redactor.patternsOnly().redact("K10" + "a".repeat(64) + "::server:0123456789abcdef"))
                .isEqualTo("[REDACTED]");
    }

    @Test
    void removesValuesOfSecretLookingKeys() {
        Redactor patterns = Redactor.patternsOnly();
        assertThat(patterns.redact("login password=hunter2 user=bob")).isEqualTo("login password=[REDACTED] user=bob");
        assertThat(patterns.redact("DB_PASSWORD=hunter2")).isEqualTo("DB_PASSWORD=[REDACTED]");
        assertThat(patterns.redact("{\"apiKey\":\"k-123\",\"user\":\"bob\"}")).isEqualTo("{\"apiKey\":\"[REDACTED]\",\"user\":\"bob\"}");
        assertThat(patterns.redact("client_secret: abc123")).isEqualTo("client_secret: [REDACTED]");
        assertThat(patterns.redact("?access_token=xyz&page=2")).isEqualTo("?access_token=[REDACTED]&page=2");
    }

    @Test
    void redactsAnEnvironmentDumpByKey() {
        Map<String, String> env = redactor.redact(Map.of("POSTGRES_PASSWORD", "short", "GREETING", "hello", "URL", "x:" + SECRET));

        assertThat(env).containsEntry("POSTGRES_PASSWORD", "[REDACTED]").containsEntry("GREETING", "hello")
                .containsEntry("URL", "x:[REDACTED]");
    }

    @Test
    void removesPrivateKeyBlocks() {
        String pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----\nafter";

        assertThat(Redactor.patternsOnly().redact(pem)).doesNotContain("MIIEow").endsWith("after");
    }

    @Test
    void leavesOrdinaryTextAloneAndIsIdempotent() {
        String event = "Readiness probe failed: Get \"http://10.42.2.17:8080/ready\": connect: connection refused";
        assertThat(redactor.redact(event)).isEqualTo(event);
        assertThat(redactor.redact("failed to sync secret cache: timed out waiting for the condition"))
                .isEqualTo("failed to sync secret cache: timed out waiting for the condition");
        String once = redactor.redact("password=" + SECRET);
        assertThat(redactor.redact(once)).isEqualTo(once).isEqualTo("password=[REDACTED]");
        assertThat(redactor.redact((String) null)).isNull();
    }

    @Test
    void ignoresKnownValuesTooShortToBeSecrets() {
        assertThat(Redactor.forSecrets(List.of("1", "ab")).redact("replicas 1 of ab")).isEqualTo("replicas 1 of ab");
    }
}
