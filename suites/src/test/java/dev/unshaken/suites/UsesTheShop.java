package dev.unshaken.suites;

import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IT class that deploys the shop (namespace {@code shop}, NodePort 30080) or needs it absent, and otherwise behaves
 * like a {@link RunsBesideOthers} class: it runs beside those, never beside another shop class or a {@link RunsAlone}
 * one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(value = SuiteLocks.CLUSTER, mode = ResourceAccessMode.READ)
@ResourceLock(value = SuiteLocks.SHOP)
public @interface UsesTheShop {
}
