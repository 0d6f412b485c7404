package dev.unshaken.suites.scenariofile;

import dev.unshaken.load.Journey;
import dev.unshaken.load.Journeys;
import dev.unshaken.load.LoadProfile;

import java.time.Duration;
import java.util.List;

/**
 * The traffic of a scenario.
 *
 * @param journey {@value #GET}, {@value #CHECKOUT} or {@value #SIGN_UP}
 * @param path    the path of journey {@value #GET}
 * @param orderDelay how long journey {@value #CHECKOUT} holds each order inside order-service (0: not at all)
 * @param profile journeys started per second, over time
 */
public record LoadSpec(String journey, String path, Duration orderDelay, LoadProfile profile) {

    /** A journey without an order delay. */
    public LoadSpec(String journey, String path, LoadProfile profile) {
        this(journey, path, Duration.ZERO, profile);
    }

    /** One GET of {@code path} that must answer 200 ({@link Journeys#simpleGet}). */
    public static final String GET = "get";
    /** The shop's register, login, list products, order, pay ({@link Journeys#shopCheckout}). */
    public static final String CHECKOUT = "checkout";
    /** The shop's register, login: bcrypt, CPU for user-service ({@link Journeys#shopSignUp}). */
    public static final String SIGN_UP = "sign-up";
    /** Every journey name a file may use. */
    public static final List<String> JOURNEYS = List.of(GET, CHECKOUT, SIGN_UP);
    /** The journeys that walk the reference shop's API. */
    public static final List<String> SHOP_JOURNEYS = List.of(CHECKOUT, SIGN_UP);

    /** The journey to run. */
    public Journey toJourney() {
        return switch (journey) {
            case CHECKOUT -> orderDelay.isZero() ? Journeys.shopCheckout() : Journeys.shopCheckoutWithSlowOrders(orderDelay);
            case SIGN_UP -> Journeys.shopSignUp();
            default -> Journeys.simpleGet(path);
        };
    }
}
