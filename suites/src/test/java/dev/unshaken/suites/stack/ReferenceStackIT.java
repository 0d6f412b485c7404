package dev.unshaken.suites.stack;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.stack.Shop;
import dev.unshaken.fixtures.stack.Stack;
import dev.unshaken.fixtures.stack.StackExtension;
import dev.unshaken.suites.UsesTheShop;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reference shop on the real cluster: a shopper's journey through the gateway's NodePort, a rolling
 * update to the next version, and the order still there after the PostgreSQL pod is deleted and comes back
 * (its data lives on a local-path volume).
 */
@UsesTheShop
@ExtendWith({ClusterExtension.class, StackExtension.class})
class ReferenceStackIT {

    @Test
    void shopperJourneyRolloutAndOrderSurvivesDatabasePodLoss(Cluster cluster, @Shop Stack shop) {
        URI gateway = shop.gateway(cluster::nodePortUrl);

        given().baseUri(gateway.toString()).get("/healthz").then().statusCode(200);
        int productId = api(gateway, null).get("/api/v1/products")
                .then().statusCode(200).header("X-Service-Version", Stack.VERSION)
                .extract().path("[0].id");

        String credentials = "{\"email\":\"shopper-" + UUID.randomUUID() + "@example.test\",\"password\":\"correct horse\"}";
        api(gateway, null).body(credentials).post("/api/v1/users/register").then().statusCode(201);
        String token = api(gateway, null).body(credentials).post("/api/v1/users/login")
                .then().statusCode(200).extract().path("token");
        assertThat(token).isNotBlank();

        int orderId = api(gateway, token).body("{\"product_id\":" + productId + ",\"quantity\":1}").post("/api/v1/orders")
                .then().statusCode(201).body("status", equalTo("paid")).body("payment_id", notNullValue())
                .extract().path("id");
        api(gateway, token).get("/api/v1/orders/" + orderId).then().statusCode(200).body("status", equalTo("paid"));

        shop.upgrade("order-service", Stack.NEXT_VERSION);
        shop.awaitRollout("order-service");
        // The rollout is complete once the new pods are Ready, but the old ones keep answering during their
        // preStop pause while the gateway's cached DNS answer still names them; every answer must be good,
        // and the new version must take over once they are gone.
        await("order-service " + Stack.NEXT_VERSION + " serving").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    var response = api(gateway, token).get("/api/v1/orders/" + orderId);
                    response.then().statusCode(200).body("status", equalTo("paid"));
                    return Stack.NEXT_VERSION.equals(response.getHeader("X-Service-Version"));
                });

        String postgresUid = cluster.client().pods().inNamespace(Stack.NAMESPACE).withName("postgres-0").get().getMetadata().getUid();
        cluster.client().pods().inNamespace(Stack.NAMESPACE).withName("postgres-0").delete();
        await("postgres-0 replaced and Ready").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            var pod = cluster.client().pods().inNamespace(Stack.NAMESPACE).withName("postgres-0").get();
            return pod != null && !pod.getMetadata().getUid().equals(postgresUid)
                    && pod.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        await("order readable again after the database came back").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> api(gateway, token).get("/api/v1/orders/" + orderId)
                        .then().statusCode(200).body("id", equalTo(orderId)).body("status", equalTo("paid")));
    }

    private static RequestSpecification api(URI gateway, String token) {
        RequestSpecification spec = given().baseUri(gateway.toString()).contentType(ContentType.JSON);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }
}
