/**
 * Parley's entry point: the command line and the server start here, and the types Jackson reads by
 * reflection are registered for the native build. It may use every package but {@code bench} and
 * {@code demo}; none uses it.
 */
package dev.parley;
