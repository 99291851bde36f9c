package dev.plumb.lab;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against lab hosts, on the backend {@code PLUMB_LAB} names (nspawn or docker;
 * see {@link LabBackend}). The lab is booted once per test run with at least
 * {@code max(count, plumb.lab.hosts)} hosts (default 4) and reused by every class that asks for
 * no more; a {@link Lab} parameter gives the first {@link #count()} of them. The nspawn lab is
 * left running at the end ({@code bin/test} tears it down) unless {@code
 * -Dplumb.lab.keep=false}; the docker lab ends with the run.
 *
 * <p>Classes share the hosts: a test that changes a host or injects a fault must undo it.
 *
 * <p>The hosts belong to lab instance {@code PLUMB_LAB_INSTANCE} (or {@code
 * -Dplumb.lab.instance}), 0 by default; work trees on one machine that use different
 * instances have separate labs. Take addresses and names from {@link LabHost} and {@link Lab}
 * rather than writing 198.18.0.x: on docker, SSH goes to {@link LabHost#sshEndpoint()}, not to
 * the host's lab address.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LabExtension.class)
@Tag("lab")
public @interface LabHosts {
  /** How many hosts the class uses: host1..hostN. */
  int count() default 1;
}
