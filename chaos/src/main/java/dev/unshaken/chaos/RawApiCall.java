package dev.unshaken.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * A call to an API server path fabric8's DSL has no method for, or answers too coarsely (the Eviction API's refusal
 * message, a pod's {@code /metrics} through the pod proxy), sent with the client's own HTTP client, so it carries the
 * same credentials and TLS settings. Failures to get any answer become {@link FaultFailedException}s naming the call.
 */
final class RawApiCall {

    private RawApiCall() {
    }

    /**
     * Sends the request {@code build} makes for {@code path} (e.g. {@code /api/v1/namespaces/shop/pods/web/eviction})
     * and waits at most {@code wait} for the answer, whatever its status.
     *
     * @param what the call as a message names it when no answer comes, e.g. {@code "GET /metrics of pod web"}
     */
    static HttpResponse<String> send(KubernetesClient client, String path, UnaryOperator<HttpRequest.Builder> build,
                                     Duration wait, String what) {
        var http = client.getHttpClient();
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + path;
        HttpRequest request = build.apply(http.newHttpRequestBuilder().uri(url)).build();
        try {
            return http.sendAsync(request, String.class).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new FaultFailedException(what + " got no answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultFailedException("interrupted while waiting for " + what, e);
        }
    }
}
