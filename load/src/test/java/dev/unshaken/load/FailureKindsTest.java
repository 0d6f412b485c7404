package dev.unshaken.load;

import org.junit.jupiter.api.Test;

import static dev.unshaken.journal.FailureKind.HTTP_5XX;
import static dev.unshaken.journal.FailureKind.NONE;
import static dev.unshaken.journal.FailureKind.OTHER;
import static dev.unshaken.journal.FailureKind.REFUSED;
import static dev.unshaken.journal.FailureKind.RESET;
import static dev.unshaken.journal.FailureKind.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

class FailureKindsTest {

    @Test
    void aStatusDecidesWhenThereIsOne() {
        assertThat(FailureKinds.classify(200, true, null)).isEqualTo(NONE);
        assertThat(FailureKinds.classify(503, true, null)).as("a 5xx is a failure even if the journey accepted it").isEqualTo(HTTP_5XX);
        assertThat(FailureKinds.classify(404, false, "status.find.is(200), but actually found 404")).isEqualTo(OTHER);
        assertThat(FailureKinds.classify(409, true, null)).as("a 4xx the journey expects").isEqualTo(NONE);
    }

    @Test
    void withoutAStatusTheMessageTellsTheKind() {
        assertThat(FailureKinds.classify(null, false, "j.n.ConnectException: Connection refused: /127.0.0.1:1234")).isEqualTo(REFUSED);
        assertThat(FailureKinds.classify(null, false, "i.n.c.u.Errors$NativeIoException: recvAddress(..) failed: Connection reset by peer")).isEqualTo(RESET);
        assertThat(FailureKinds.classify(null, false, "i.g.h.c.i.RequestTimeoutException: Request timeout to 127.0.0.1/127.0.0.1:80 after 2000 ms")).isEqualTo(TIMEOUT);
        assertThat(FailureKinds.classify(null, false, "something new")).isEqualTo(OTHER);
        assertThat(FailureKinds.classify(null, false, null)).isEqualTo(OTHER);
        assertThat(FailureKinds.statusCode("503")).isEqualTo(503);
        assertThat(FailureKinds.statusCode(null)).isNull();
    }
}
