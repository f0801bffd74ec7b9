/**
 * The configuration tree ({@code parley.*}) and the kinds of store it can select. It uses no other
 * Parley package, so every package may read it.
 */
package dev.parley.config;
