package dev.unshaken.load;

import io.gatling.javaapi.core.ChainBuilder;

import java.time.Duration;
import java.util.UUID;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.status;

/** The journeys Unshaken ships: a plain GET, and the reference shop's checkout and sign-up. */
public final class Journeys {

    /** Registers a new user with a unique e-mail address. */
    public static final Endpoint REGISTER = Endpoint.post("register", "/api/v1/users/register");
    /** Logs the user in; the answer carries the bearer token. */
    public static final Endpoint LOGIN = Endpoint.post("login", "/api/v1/users/login");
    /** Lists the catalogue. */
    public static final Endpoint LIST_PRODUCTS = Endpoint.get("list products", "/api/v1/products");
    /** Creates an order (order-service reserves stock and charges the payment). */
    public static final Endpoint CREATE_ORDER = Endpoint.post("create order", "/api/v1/orders");
    /** Pays the order with the order's idempotency key: the shop answers with the payment already taken. */
    public static final Endpoint PAY = Endpoint.post("pay", "/api/v1/payments");

    private Journeys() {
    }

    /** One {@code GET path} that must answer 200. */
    public static Journey simpleGet(String path) {
        Endpoint get = Endpoint.get("GET " + path, path);
        return Journey.of("get", () -> exec(get.request().check(status().is(200))), get);
    }

    /**
     * The reference shop's checkout through its gateway: register → login → list products → create order → pay.
     * A step whose answer the next step needs ends the journey when it fails, so one outage is not counted
     * again as follow-up errors.
     */
    public static Journey shopCheckout() {
        return Journey.of("checkout", () -> checkoutChain(Duration.ZERO), REGISTER, LOGIN, LIST_PRODUCTS, CREATE_ORDER, PAY);
    }

    /**
     * The checkout, with every order held {@code orderDelay} (at most 10 s) inside order-service between the stock
     * reservation and the charge (the shop's {@code X-Debug-Delay-Ms} hook): a slow, non-idempotent step the gateway
     * may not retry, so order-service pods always have work in flight when they are shut down. At {@code r} checkouts
     * per second, about {@code r × orderDelay} orders are in flight at any moment.
     */
    public static Journey shopCheckoutWithSlowOrders(Duration orderDelay) {
        if (orderDelay.isNegative() || orderDelay.toMillis() > 10_000) {
            throw new IllegalArgumentException("the order delay must be 0 to 10 s (the shop caps it there), got " + orderDelay);
        }
        return Journey.of("slow-checkout", () -> checkoutChain(orderDelay), REGISTER, LOGIN, LIST_PRODUCTS, CREATE_ORDER, PAY);
    }

    /**
     * The reference shop's sign-up through its gateway: register → login. Both hash a password with bcrypt, so
     * this journey is CPU work for user-service, the one its HorizontalPodAutoscaler scales on.
     */
    public static Journey shopSignUp() {
        return Journey.of("sign-up", Journeys::signUpChain, REGISTER, LOGIN);
    }

    private static ChainBuilder signUpChain() {
        return exec(session -> session.set("email", "shopper-" + UUID.randomUUID() + "@example.test"))
                .exec(REGISTER.request()
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct horse\",\"name\":\"Load Shopper\"}")).asJson()
                        .check(status().is(201)))
                .exitHereIfFailed()
                .exec(LOGIN.request()
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct horse\"}")).asJson()
                        .check(status().is(200)));
    }

    private static ChainBuilder checkoutChain(Duration orderDelay) {
        var createOrder = CREATE_ORDER.request().header("Authorization", "Bearer #{token}");
        if (!orderDelay.isZero()) {
            createOrder = createOrder.header("X-Debug-Delay-Ms", Long.toString(orderDelay.toMillis()));
        }
        return exec(session -> session.set("email", "shopper-" + UUID.randomUUID() + "@example.test"))
                .exec(REGISTER.request()
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct horse\",\"name\":\"Load Shopper\"}")).asJson()
                        .check(status().is(201)))
                .exitHereIfFailed()
                .exec(LOGIN.request()
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"correct horse\"}")).asJson()
                        .check(status().is(200), jsonPath("$.token").saveAs("token")))
                .exitHereIfFailed()
                .exec(LIST_PRODUCTS.request()
                        .check(status().is(200), jsonPath("$[0].id").saveAs("productId"), jsonPath("$[0].price_cents").saveAs("price")))
                .exitHereIfFailed()
                .exec(createOrder
                        .body(StringBody("{\"product_id\":#{productId},\"quantity\":1}")).asJson()
                        .check(status().is(201), jsonPath("$.id").saveAs("orderId"), jsonPath("$.amount_cents").saveAs("amount")))
                .exitHereIfFailed()
                .exec(PAY.request()
                        .header("Idempotency-Key", "order-#{orderId}")
                        .body(StringBody("{\"order_id\":\"#{orderId}\",\"amount_cents\":#{amount},\"currency\":\"EUR\"}")).asJson()
                        .check(status().is(201)));
    }
}
