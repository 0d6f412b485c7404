package dev.unshaken.suites;

import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IT class that keeps to test namespaces of its own (and NodePorts no other such class uses), touches no node and
 * has no budget a busy CPU could break: it runs beside other classes, never beside a {@link RunsAlone} one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ResourceLock(value = SuiteLocks.CLUSTER, mode = ResourceAccessMode.READ)
public @interface RunsBesideOthers {
}
