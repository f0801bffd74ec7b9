/**
 * The values every stage shares: a dialogue, its turns, and the coverage cell it was planned for. It
 * uses no other Parley package, so every stage may use it.
 */
package dev.parley.dialogue;
