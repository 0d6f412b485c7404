package dev.unshaken.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How numbers with units are written in reports: {@code 37 requests}, {@code 412.5 ms}, {@code 0.25 %}. */
final class Quantity {

    private Quantity() {
    }

    /** The number without trailing zeros (at most 3 decimals), then the unit if there is one. */
    static String format(double value, String unit) {
        String number = number(value);
        return unit == null || unit.isBlank() ? number : number + " " + unit;
    }

    /** The number without trailing zeros, at most 3 decimals, never in exponent notation. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.signum() == 0 ? "0" : rounded.toPlainString();
    }

    /** A JSON-friendly number: a {@code long} when integral, else the double. */
    static Number jsonNumber(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) (long) value : (Number) value;
    }
}
