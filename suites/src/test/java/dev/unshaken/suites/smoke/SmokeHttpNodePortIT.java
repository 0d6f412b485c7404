package dev.unshaken.suites.smoke;

import dev.unshaken.fixtures.cluster.Cluster;
import dev.unshaken.fixtures.cluster.ClusterExtension;
import dev.unshaken.fixtures.cluster.TestNamespace;
import dev.unshaken.fixtures.images.SmokeHttpImage;
import dev.unshaken.suites.UsesTheShop;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@UsesTheShop
@ExtendWith(ClusterExtension.class)
class SmokeHttpNodePortIT {

    private static final int NODE_PORT = 30080;
    private static final int REQUESTS = 60;

    @Test
    void loadedImageServesThroughANodePortFromPodsOnBothAgents(Cluster cluster, TestNamespace namespace) {
        var client = cluster.client();
        var agents = cluster.agentNodeNames();
        cluster.loadImage(SmokeHttpImage.ensureBuilt());

        client.apps().deployments().inNamespace(namespace.name())
                .resource(SmokeWorkloads.smokeHttp("smoke-http", 3, agents)).create();
        client.services().inNamespace(namespace.name())
                .resource(SmokeWorkloads.service("smoke-http", "smoke-http", NODE_PORT)).create();
        client.apps().deployments().inNamespace(namespace.name()).withName("smoke-http")
                .waitUntilCondition(d -> d.getStatus() != null && Integer.valueOf(3).equals(d.getStatus().getReadyReplicas()),
                        3, TimeUnit.MINUTES);

        var pods = client.pods().inNamespace(namespace.name()).withLabel("app", "smoke-http").list().getItems();
        Set<String> podNames = pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        assertThat(pods).extracting(pod -> pod.getSpec().getNodeName())
                .as("3 replicas on the agents, none on the server")
                .hasSize(3)
                .allMatch(agents::contains);
        assertThat(pods.stream().map(pod -> pod.getSpec().getNodeName()).collect(Collectors.toSet()))
                .as("spread over every agent").containsExactlyInAnyOrderElementsOf(agents);

        String url = cluster.nodePortUrl(NODE_PORT).toString() + "/";
        // kube-proxy may need a moment to program the new NodePort.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> RestAssured.given().header("Connection", "close").get(url).statusCode() == 200);

        var servedBy = new HashSet<String>();
        var servingNodes = new HashSet<String>();
        for (int i = 0; i < REQUESTS; i++) {
            JsonPath answer = RestAssured.given().header("Connection", "close").get(url)
                    .then().statusCode(200).contentType("application/json").extract().jsonPath();
            servedBy.add(answer.getString("pod"));
            servingNodes.add(answer.getString("node"));
        }
        assertThat(servedBy).as("answers come from the Deployment's pods").isSubsetOf(podNames);
        assertThat(servingNodes).as("answers come from pods on at least 2 nodes").hasSizeGreaterThanOrEqualTo(2)
                .isSubsetOf(agents);
    }
}
