/**
 * REST resources, their views and problem responses. It may use {@code run}, {@code export},
 * {@code store} and the stages below them, but not {@code cli} or {@code bench}.
 */
package dev.parley.api;
