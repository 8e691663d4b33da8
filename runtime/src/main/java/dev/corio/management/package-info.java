/**
 * Task dumps from outside the program through JMX: {@link dev.corio.management.CorioManagement} registers
 * {@link dev.corio.management.EventLoopsMXBean} with the platform MBean server (opt-in).
 */
package dev.corio.management;
