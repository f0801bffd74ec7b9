/**
 * The recipe model: loading a recipe file, validating it and resolving the files it names. It may use
 * only {@code dialogue}.
 */
package dev.parley.recipe;
